import ActaProjections
import Mustache

/// The reader's page templates (Mustache; `{{ }}` HTML-escapes, so data never becomes markup):
/// the layout and the reader's own pages here, each view's page from its declaration in
/// `ViewCatalog`.
enum PageTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in templates { try! library.register(text, named: name) }
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
            body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
            header { background: #1d3557; color: #fff; padding: .8em 1.5em; }
            header a { color: #fff; text-decoration: none; font-weight: 600; }
            header nav a { font-weight: 400; margin-right: 1.1em; }
            header .tag { opacity: .8; font-size: .9em; }
            main { max-width: 70em; margin: 0 auto; padding: 1em 1.5em 3em; }
            h1 { font-size: 1.5em; margin: .6em 0; } h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
            table { border-collapse: collapse; width: 100%; background: #fff; font-size: .93em; }
            th, td { border: 1px solid #d6d6d6; padding: .3em .5em; text-align: left; vertical-align: top; }
            th { background: #eef1f5; }
            .overdue { color: #a4161a; font-weight: 600; } .muted { color: #666; } .date { white-space: nowrap; }
            code, pre { font: .88em ui-monospace, monospace; word-break: break-all; white-space: pre-wrap; }
            footer { max-width: 70em; margin: 0 auto; padding: 1em 1.5em; color: #666; font-size: .85em; word-break: break-all; }
            form.filters { margin: .5em 0 1em; } form.filters input, form.filters select { margin-right: .5em; }
            @media print { header nav, form.filters, .pager { display: none; } body { background: #fff; } header { background: none; color: #000; } header a { color: #000; } }
            </style>
            </head>
            <body>
            <header><a href="/">Acta</a> <span class="tag">the decision register of the Permanent Conference of Organized Crime Prosecutors</span>
            <nav>{{#navigation}}<a href="{{path}}">{{link}}</a>{{/navigation}}</nav></header>
            <main>
            <h1>{{title}}</h1>
            {{{content}}}
            </main>
            <footer>Register at log position {{head}}, chain hash <code>{{chain}}</code>. Read-only: this reader never writes.</footer>
            </body>
            </html>

            """,
        "home": """
            <p class="muted">As of {{asOf}}.</p>
            <h2>Executive Board</h2>
            <table><thead><tr><th>Seat</th><th>Country</th><th>Representative</th><th>Since</th></tr></thead><tbody>
            {{#seats}}<tr><td>{{seat}}</td><td>{{country}}</td><td>{{representative}}</td><td>{{since}}</td></tr>{{/seats}}
            </tbody></table>
            <h2>Secretariat</h2>
            <p>{{secretariat}}</p>
            {{#hasStaff}}<ul>{{#staff}}<li>{{role}}: {{name}} (since {{from}})</li>{{/staff}}</ul>{{/hasStaff}}
            <h2>Next host</h2>
            {{#next}}<p>{{body}} meeting {{meeting}}: {{country}}, decided {{decided}}</p>{{/next}}{{^next}}<p>None designated.</p>{{/next}}
            <h2>Open and overdue actions</h2>
            {{#hasActions}}<table><thead><tr><th>Item</th><th>Owner</th><th>Due</th><th>Status</th><th>Task</th></tr></thead><tbody>
            {{#actions}}<tr><td>{{item}}</td><td>{{owner}}</td><td class="date">{{due}}</td><td class="{{status}}">{{status}}</td><td>{{task}}</td></tr>{{/actions}}
            </tbody></table>{{/hasActions}}{{^actions}}<p>None.</p>{{/actions}}
            <h2>Latest decisions</h2>
            <table><thead><tr><th>Meeting</th><th>No.</th><th>Kind</th><th>Follow-up</th><th>Text</th></tr></thead><tbody>
            {{#decisions}}<tr><td>{{meeting}}</td><td>{{ordinal}}</td><td>{{kind}}</td><td>{{followUp}}</td><td>{{text}}</td></tr>{{/decisions}}
            </tbody></table>
            """,
        "timeline": """
            <form class="filters" method="get" action="/timeline">
            <label>Type <input name="type" value="{{type}}" size="18"></label>
            <label>Stream <input name="stream" value="{{stream}}" size="22"></label>
            <button type="submit">Filter</button></form>
            <table><thead><tr><th>Position</th><th>Occurred</th><th>Recorded</th><th>Actor</th><th>Type</th><th>Stream</th><th>Source</th></tr></thead><tbody>
            {{#entries}}<tr><td><a href="/events/{{position}}">{{position}}</a></td><td class="date">{{occurred}}</td><td class="date">{{recorded}}</td><td>{{actor}}</td><td>{{type}}</td><td>{{stream}}</td><td>{{source}}</td></tr>{{/entries}}
            </tbody></table>
            {{^entries}}<p>No events match.</p>{{/entries}}
            <p class="pager">{{#newer}}<a href="{{newer}}">← newer</a> {{/newer}}{{#older}}<a href="{{older}}">older →</a>{{/older}}</p>
            """,
        "event": """
            <table><tbody>
            {{#fields}}<tr><th>{{name}}</th><td><code>{{value}}</code></td></tr>{{/fields}}
            </tbody></table>
            <h2>Data</h2>
            <pre>{{data}}</pre>
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
