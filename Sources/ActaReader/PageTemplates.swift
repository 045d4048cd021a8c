import ActaProjections
import Mustache

/// The reader's page templates (Mustache; `{{ }}` HTML-escapes, so data never becomes markup):
/// the layout and the reader's own pages here, each view's page from its declaration in
/// `ViewCatalog`.
enum PageTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in templates.merging(pageTemplates, uniquingKeysWith: { a, _ in a }) { try! library.register(text, named: name) }
        try! library.register(ViewPage.marksPartial, named: "marks")
        try! library.register(ViewPage.outcomesPartial, named: "outcomes")
        for view in ViewCatalog.all {
            if let page = view.page { try! library.register(page.template, named: viewTemplate(view.name)) }
        }
        return library
    }()

    /// The name a view's page template is registered under, apart from the reader's own.
    static func viewTemplate(_ view: String) -> String { "view/\(view)" }

    static let templates: [String: String] = [
        "layout": """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Acta</title>
        <style>
        body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; overflow-wrap: break-word; }
        header { background: #1d3557; color: #fff; padding: .8em 1.5em; }
        header a { color: #fff; text-decoration: none; font-weight: 600; }
        header nav { display: flex; flex-wrap: wrap; gap: .2em 1.1em; margin-top: .3em; } header nav a { font-weight: 400; white-space: nowrap; }
        header .tag { opacity: .8; font-size: .9em; }
        main { max-width: 70em; margin: 0 auto; padding: 1em 1.5em 3em; }
        h1 { font-size: 1.5em; margin: .6em 0; } h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; width: 100%; background: #fff; font-size: .93em; }
        th, td { border: 1px solid #d6d6d6; padding: .3em .5em; text-align: left; vertical-align: top; }
        th { background: #eef1f5; }
        .scroll { overflow-x: auto; }
        table.fields code { overflow-wrap: anywhere; }
        .overdue { color: #a4161a; font-weight: 600; } .muted { color: #666; } .date, .id { white-space: nowrap; }
        a.mark { font-size: .85em; color: #7a4b00; white-space: nowrap; }
        code, pre { font: .88em ui-monospace, monospace; } pre { white-space: pre-wrap; }
        code.hash { overflow-wrap: anywhere; }
        footer { max-width: 70em; margin: 0 auto; padding: 1em 1.5em; color: #666; font-size: .85em; }
        form.filters, form.asof { margin: .5em 0 1em; } form.filters input, form.filters select { margin-right: .5em; }
        form.asof { float: right; margin: .7em 0 .5em 1em; font-size: .9em; }
        svg.timeline { width: max(100%, 42em); height: auto; background: #fff; border: 1px solid #d6d6d6; }
        .link { white-space: nowrap; } td.what { min-width: 16em; } td.status { min-width: 11em; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; } dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
        @media (max-width: 40em) { main, footer, header { padding-left: .7em; padding-right: .7em; } form.asof { float: none; margin: 0 0 .5em; }
          dl.facts { grid-template-columns: 1fr; } dl.facts dd { margin-bottom: .4em; } .wide { display: none; } td.what { min-width: 0; } }
        @media print { header nav, form.filters, form.asof, .pager { display: none; } body { background: #fff; } header { background: none; color: #000; } header a { color: #000; } }
                    </style>
        </head>
        <body>
        <header><a href="/">Acta</a> <span class="tag">the decision register of the Permanent Conference of Organized Crime Prosecutors</span>
        <nav>{{#navigation}}<a href="{{path}}">{{link}}</a>{{/navigation}}</nav></header>
        <main>
        {{#asOfForm}}<form class="asof" method="get" action="{{action}}"><label>As of <input type="date" name="as_of" value="{{value}}"></label>
        {{#hidden}}<input type="hidden" name="{{name}}" value="{{value}}">{{/hidden}}<button type="submit">Show</button></form>{{/asOfForm}}
        <h1>{{title}}</h1>
        {{{content}}}
        </main>
        <footer>Register at log position {{head}}, chain hash <code class="hash">{{chain}}</code>. Read-only: this reader never writes.</footer>
        </body>
        </html>

        """,
        "home": """
        <p class="muted">As of {{asOf}}.</p>
        <h2>Over the years</h2>
        <div class="scroll">{{{picture}}}</div>
        <p class="muted">Hover over a meeting or a bar for its details; lighter, dashed marks rest on inferred events.</p>
        <h2>Executive Board</h2>
        <div class="scroll"><table><thead><tr><th>Seat</th><th>Country</th><th>Representative</th><th>Since</th><th>How known</th><th>Marks</th></tr></thead><tbody>
        {{#seats}}<tr><td class="id">{{seat}}</td><td>{{country}}</td><td>{{representative}}</td><td class="date">{{since}}</td><td>{{how}}</td><td>{{>marks}}</td></tr>{{/seats}}
        </tbody></table></div>
        <h2>Secretariat</h2>
        <p>{{secretariat}}{{>marks}}</p>
        {{#warning}}<p class="overdue">{{warning}}</p>{{/warning}}
        {{#hasStaff}}<ul>{{#staff}}<li>{{role}}: {{name}} (since {{from}})</li>{{/staff}}</ul>{{/hasStaff}}
        <h2>Next host</h2>
        {{#next}}<p>{{body}} meeting {{meeting}}: {{country}}, decided {{decided}}{{>marks}}</p>{{/next}}{{^next}}<p>None designated.</p>{{/next}}
        {{#principle}}<p>{{principle}}</p>{{/principle}}
        <h2>Open and overdue actions</h2>
        {{#hasActions}}<div class="scroll"><table><thead><tr><th>Item</th><th>Owner</th><th>Due</th><th>Status</th><th>Task</th><th>Marks</th></tr></thead><tbody>
        {{#actions}}<tr><td class="id">{{item}}</td><td>{{owner}}</td><td class="date">{{due}}</td><td class="{{status}}">{{status}}</td><td>{{task}}</td><td>{{>marks}}</td></tr>{{/actions}}
        </tbody></table></div>{{/hasActions}}{{^actions}}<p>None.</p>{{/actions}}
        <p><a href="/actions{{query}}">All action items</a></p>
        <h2>Latest decisions</h2>
        <div class="scroll"><table><thead><tr><th>Meeting</th><th>No.</th><th>Kind</th><th>Follow-up</th><th>Text</th><th>Marks</th></tr></thead><tbody>
        {{#decisions}}<tr><td><a href="{{page}}">{{meeting}}</a></td><td>{{ordinal}}</td><td>{{kind}}</td><td>{{followUp}}</td><td>{{text}}</td><td>{{>marks}}</td></tr>{{/decisions}}
        </tbody></table></div>
        <p><a href="/decisions{{query}}">All decisions</a></p>
        """,
        "timeline": """
        <form class="filters" method="get" action="/timeline">
        <label>Type <input name="type" value="{{type}}" size="18"></label>
        <label>Stream <input name="stream" value="{{stream}}" size="22"></label>
        <button type="submit">Filter</button></form>
        <div class="scroll"><table><thead><tr><th>Position</th><th>Occurred</th><th>What happened</th><th class="wide">Type and stream</th><th class="wide">Recorded by</th><th class="wide">Source</th></tr></thead><tbody>
        {{#entries}}<tr><td><a href="/events/{{position}}">{{position}}</a></td><td class="date">{{occurred}}</td><td class="what">{{sentence}}</td><td class="wide">{{type}}<br><span class="muted">{{#stream}}{{.}}<wbr>{{/stream}}</span></td><td class="wide"><span class="date">{{recorded}}</span><br>{{actor}}</td><td class="wide">{{#source}}{{.}}<wbr>{{/source}}</td></tr>{{/entries}}
        </tbody></table></div>
        {{^entries}}<p>No events match.</p>{{/entries}}
        <p class="pager">{{#newer}}<a href="{{newer}}">← newer</a> {{/newer}}{{#older}}<a href="{{older}}">older →</a>{{/older}}</p>
        """,
        "event": """
        {{#sentence}}<p>{{sentence}}.{{#meetingPage}} <a href="{{meetingPage}}">The meeting's page</a>.{{/meetingPage}}</p>{{/sentence}}
        <table class="fields"><tbody>
        {{#fields}}<tr><th>{{name}}</th><td><code>{{value}}</code></td></tr>{{/fields}}
        </tbody></table>
        <h2>Data</h2>
        {{>eventData}}
        """,
        "signin": """
        <p>This register requires an access token issued by the Secretariat.</p>
        <form method="post" action="/signin"><label>Access token <input name="token" type="password" size="50" autocomplete="off"></label>
        <button type="submit">Sign in</button></form>
        <form method="post" action="/signout"><button type="submit">Sign out</button></form>
        {{#message}}<p class="overdue">{{message}}</p>{{/message}}
        """,
    ]
}
