import ActaEvents
import ActaLog
import ActaProjections
import ArgumentParser

struct Record: ActaCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record one meeting from a JSON document, all or none.",
        discussion: """
            The record holds the meeting (MeetingHeld's fields) and lists of what \
            it decided: outcomes, actions (each with its outcome's ordinal), \
            provisions (requests for national legal provisions), invitations, \
            approaches and designations (hosts of meetings to come) and board \
            (seats filled); meta (source, cite, inferred, conflict, note) for the \
            whole record and per item. What the meeting implies is filled from \
            it: body and meeting numbers, dates (its start), item ids. Every \
            event is decided against the register in one transaction: one \
            refused, none is written, and the error names the item \
            (outcomes[3] is the fourth outcome).

            Examples:
              acta record --template meeting > conference-12.json
              acta record --check conference-12.json   (writes nothing)
              acta record conference-12.json
            """
    )

    @OptionGroup var options: StoreOptions

    @Argument(help: ArgumentHelp("The meeting's record: a JSON file, or - for stdin.", valueName: "file|-"))
    var file: String?

    @Option(help: ArgumentHelp("Print a record to fill in, every field explained, instead of recording one.", valueName: "meeting"))
    var template: String?

    @Flag(help: "Decide the record against the register and say what it would append; write nothing.")
    var check = false

    @Option(help: "Who records it (default: $ACTA_ACTOR, then the login name).")
    var actor: String?

    func validate() throws {
        if let template {
            guard template == "meeting" else { throw ValidationError("--template takes meeting (a meeting's record), not \(template.prefix(40))") }
            guard file == nil, !check else { throw ValidationError("--template prints a record to fill in: give it no file and no --check") }
        } else if file == nil {
            throw ValidationError("give the record's file (or - for stdin); `acta record --template meeting` prints one to fill in")
        }
    }

    func execute() throws {
        guard let file else {
            print(MeetingRecord.template())
            return
        }
        let bytes = file == "-" ? try InputData.stdin() : try InputData.file(file, what: "record")
        let record = try MeetingRecord.parse(bytes, what: file == "-" ? "stdin" : file, actor: actor ?? Actor.current())
        let log = try options.openStore()
        let paths = record.paths
        let label: @Sendable (Int) -> ActaError.Place? = { .item(paths[$0]) }
        let results = try check ? log.check(batch: record.events, label: label) : log.append(batch: record.events, label: label)
        var table = TextTable(["POS", "ITEM", "TYPE", "STREAM"])
        for (i, result) in results.enumerated() {
            table.add([String(result.position), paths[i], record.events[i].type, "\(result.stream)@\(result.version)"])
        }
        print(table.render(), terminator: "")
        let meeting = "\(record.meeting.body) meeting \(record.meeting.number) (\(record.meeting.start))"
        let span = results.isEmpty ? "" : ", positions \(results[0].position)–\(results[results.count - 1].position)"
        if check {
            print("ok: \(meeting) would be recorded as \(results.count) events\(span); nothing was written")
        } else {
            print("recorded \(meeting): \(results.count) events\(span)")
        }
    }
}
