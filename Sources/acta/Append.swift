import ActaEvents
import ActaLog
import ArgumentParser

struct Append: ActaCommand {
    static let configuration = CommandConfiguration(
        abstract: "Append one event and print its position.",
        discussion: """
            Fields are listed by `acta types TYPE`; field=value pairs and --data combine. \
            The stream follows from the data (the meeting below goes on meeting/conference/4); \
            --stream, when given, must be that stream. The append is refused when the stream's \
            rules refuse it (see README: the rules per stream).

            Examples:
              acta append MeetingHeld body=conference number=4 start=2018-06-30 \\
                  city=Skopje country=MK format=in-person
              acta append MemberInvited --data '{"country":"GR","date":"2018-06-30"}' \\
                  --source "minutes, item 4"
            """
    )

    @OptionGroup var options: StoreOptions

    @Argument(help: "The event type (see the catalog's types).")
    var type: String

    @Argument(
        help: ArgumentHelp(
            "Data fields as field=value: a list's items as the pair repeated or a JSON array (country codes also comma-separated), objects as JSON (see `acta types TYPE`).",
            valueName: "field=value"
        )
    )
    var fields: [String] = []

    @Option(help: "The stream, e.g. meeting/conference/4 or member/GR (default: the one the data names; given, it must be that one).")
    var stream: String?

    @Option(help: ArgumentHelp("The data: JSON text, @FILE, or - for stdin.", valueName: "json|@file|-"))
    var data: String = "{}"

    @Option(help: "When it happened: YYYY-MM-DD or an RFC 3339 date-time (default: the data's date, else today).")
    var occurred: String?

    @Option(help: "Who records it (default: $ACTA_ACTOR, then the login name).")
    var actor: String?

    @Option(help: "A client-chosen UUID: re-appending the same id and content writes nothing.")
    var id: String?

    @Option(
        name: .customLong("expect-version"),
        help: ArgumentHelp("The stream's current version, or `new`.", valueName: "n|new"),
        transform: ExpectedVersion.parse
    )
    var expectVersion: ExpectedVersion?

    @Option(help: "Where the fact comes from (recorded in meta.source).")
    var source: String?

    @Flag(help: "The fact is inferred, not stated by a source (recorded as meta.inferred: true); say from what in --note.")
    var inferred = false

    @Option(help: "A note on the fact: how it is inferred, what the sources leave open (recorded in meta.note).")
    var note: String?

    func execute() throws {
        var value = try InputData.json(try InputData.bytes(data, what: "--data"), what: "--data")
        if !fields.isEmpty {
            let pairs = try FieldValues.parse(type: type, fields)
            guard case .object(var object) = value else {
                throw ActaError(.invalidInput, "--data must be a JSON object to combine with field=value pairs, not \(value.kindName)")
            }
            for name in pairs.keys.sorted() {
                guard object[name] == nil else {
                    throw ActaError(.invalidInput, "\(type).\(name): given both in --data and as \(name)=…; give it once")
                }
                object[name] = pairs[name]
            }
            value = .object(object)
        }
        var meta: [String: JSONValue] = [:]
        for (key, text, option) in [("source", source, "--source"), ("note", note, "--note")] {
            guard let text else { continue }
            try PreparedText.check(text, what: option)
            meta[key] = .string(text)
        }
        if inferred { meta["inferred"] = .bool(true) }
        let event = NewEvent(
            type: type,
            stream: stream,
            data: value,
            id: id,
            occurred: occurred,
            actor: actor ?? Actor.current(),
            meta: meta,
            expectedVersion: expectVersion
        )
        let log = try options.openStore()
        let result = try log.append(event)
        if result.duplicate {
            Terminal.note("id \(result.id) is already recorded with the same content; nothing was written")
        }
        print(result.position)
    }
}

/// Checks free text given on the command line.
enum PreparedText {
    static func check(_ text: String, what: String) throws {
        guard !text.isEmpty, text.utf8.count <= 2048, !text.unicodeScalars.contains(where: DisplayText.isControl) else {
            throw ActaError(.invalidInput, "\(what) must be 1 to 2048 bytes of text without control characters")
        }
    }
}

extension ExpectedVersion {
    /// `--expect-version`'s value, refused while the arguments are parsed (exit 64).
    static func parse(_ argument: String) throws -> ExpectedVersion {
        guard let version = ExpectedVersion(argument) else { throw ValidationError("--expect-version must be `new` or a non-negative integer") }
        return version
    }
}
