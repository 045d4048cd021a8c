/// The templates of the reader's pages that are no view's: a meeting's page, an error page,
/// and an event's data as a table. Registered with ``PageTemplates/templates``.
extension PageTemplates {
    static let pageTemplates: [String: String] = [
        "meeting": """
        {{#subtitle}}<p><em>{{subtitle}}</em></p>{{/subtitle}}
        {{#notHeld}}<p class="overdue">{{notHeld}}</p>{{/notHeld}}
        <dl class="facts">
        {{#facts}}<dt>{{name}}</dt><dd>{{value}}{{>marks}}</dd>{{/facts}}
        </dl>
        {{#hasObjectives}}<h2>Objectives</h2><ul>{{#objectives}}<li>{{.}}</li>{{/objectives}}</ul>{{/hasObjectives}}
        {{#hasGoals}}<h2>Goals</h2><ul>{{#goals}}<li>{{.}}</li>{{/goals}}</ul>{{/hasGoals}}
        <h2>Outcomes and their follow-up</h2>
        {{#hasOutcomes}}{{>outcomes}}{{/hasOutcomes}}{{^hasOutcomes}}<p>No outcome is recorded for this meeting.</p>{{/hasOutcomes}}
        <h2>Action items</h2>
        {{#hasActions}}<div class="scroll"><table><thead><tr><th>Item</th><th>Owner</th><th>Due</th><th>Status</th><th>Answered</th><th>Task</th><th>Marks</th></tr></thead><tbody>
        {{#actions}}<tr><td class="id">{{item}}</td><td>{{owner}}</td><td class="date">{{due}}</td><td class="status"><span class="{{status}}">{{status}}</span> <span class="date">{{closed}}</span>{{#followUp}}<br><span class="muted">{{followUp}}</span>{{/followUp}}</td><td>{{answered}}</td><td>{{task}}</td><td>{{>marks}}</td></tr>{{/actions}}
        </tbody></table></div>{{/hasActions}}{{^hasActions}}<p>No action item comes from this meeting.</p>{{/hasActions}}
        <h2>Sources</h2>
        <ul>{{#sources}}<li>{{source}}: {{#events}}<a href="/events/{{.}}">{{.}}</a> {{/events}}</li>{{/sources}}</ul>
        <p class="muted">The numbers are the log positions of the events this page rests on.</p>
        """,
        "report": """
        <style>{{{style}}}</style>
        {{{content}}}
        <p class="muted">{{{footer}}}</p>
        """,
        "error": """
        <p class="overdue">{{message}}</p>
        <p><a href="{{back}}">Back to {{backName}}</a></p>
        """,
        "eventData": """
        {{#hasRows}}<div class="scroll"><table><thead><tr><th>Field</th><th>Value</th></tr></thead><tbody>
        {{#rows}}<tr><th title="{{doc}}">{{name}}</th><td>{{#items}}{{.}}<br>{{/items}}</td></tr>{{/rows}}
        </tbody></table></div>{{/hasRows}}
        <details><summary>The data as JSON</summary><pre>{{data}}</pre></details>
        <p class="muted">Also at <a href="/api/events/{{position}}">/api/events/{{position}}</a>, with its hashes.</p>
        """,
    ]
}
