import ActaEvents
import ActaLog
import Foundation
import Testing

/// The rules of each stream (events/Rules): every refusal is a conflict (exit 3) naming the
/// stream and the position it conflicts with, or what the stream lacks, and writes nothing.
@Suite struct RulesTests {
    static let meeting: JSONValue = ["body": "conference", "number": 12, "start": "2026-06-18", "format": "in-person"]
    static func outcome(_ ordinal: Int, _ text: String = "Members to send their statistics.") -> JSONValue {
        ["body": "conference", "meeting": 12, "ordinal": .number(Double(ordinal)), "kind": "request", "text": .string(text)]
    }
    static let opened: JSONValue = [
        "item": "conference-12-1", "task": "Send the statistics", "owner": "members", "date": "2026-06-19", "due": "2026-10-01",
    ]
    static let closed: JSONValue = ["item": "conference-12-1", "date": "2026-10-14", "resolution": "done"]
    static let cancelled: JSONValue = ["item": "conference-12-1", "date": "2026-10-15", "resolution": "cancelled"]
    static let moved: JSONValue = ["item": "conference-12-1", "due": "2026-10-15", "date": "2026-09-20"]

    @discardableResult
    func append(_ store: TempStore, _ type: String, _ data: JSONValue, id: String? = nil) throws -> AppendResult {
        try store.log.append(NewEvent(type: type, data: data, id: id, actor: "clerk"))
    }

    /// Appending `type` with `data` is refused with `kind`, the message contains every phrase,
    /// and the log holds what it held before.
    func expectRefused(
        _ store: TempStore,
        _ type: String,
        _ data: JSONValue,
        kind: ActaError.Kind = .conflict,
        _ phrases: String...,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try store.log.head()
        let error = #expect(throws: ActaError.self, sourceLocation: sourceLocation) { try append(store, type, data) }
        #expect(error?.kind == kind, sourceLocation: sourceLocation)
        for phrase in phrases {
            #expect(error?.message.contains(phrase) == true, "\(error?.message ?? "no error")", sourceLocation: sourceLocation)
        }
        #expect(try store.log.head() == before, "nothing written", sourceLocation: sourceLocation)
    }

    // MARK: - The stream follows from the data

    @Test func theStreamIsDerivedFromTheDataAndAGivenStreamMustBeIt() throws {
        let store = try TempStore()
        #expect(try append(store, "MeetingHeld", Self.meeting).stream == "meeting/conference/12")
        #expect(try append(store, "ActionItemOpened", Self.opened).stream == "action/conference-12-1")
        for (stream, type, data, derived) in [
            ("action/executive-board-8-3", "DeadlineChanged", Self.moved, "action/conference-12-1"),
            ("member/GR", "DeadlineChanged", Self.moved, "action/conference-12-1"),
            ("meeting/executive-board/10", "MeetingHeld", Self.meeting, "meeting/conference/12"),
        ] {
            let before = try store.log.head()
            let error = #expect(throws: ActaError.self) { try store.log.append(NewEvent(type: type, stream: stream, data: data, actor: "clerk")) }
            #expect(error?.kind == .invalidInput)
            #expect(error?.message == "stream \(stream) is not the stream \(type)'s data puts it on, \(derived); give \(derived) or no stream")
            #expect(try store.log.head() == before)
        }
        // The stream the data names, given, is accepted.
        let given = try store.log.append(NewEvent(type: "OutcomeAdopted", stream: "meeting/conference/12", data: Self.outcome(1), actor: "clerk"))
        #expect(given.stream == "meeting/conference/12" && given.version == 2)
    }

    @Test func everyTypeNamesItsStreamFromItsData() throws {
        let examples: [(String, JSONValue, String)] = [
            ("BoardSeatFilled", ["seat": "present-host", "country": "AL", "from": "2026-11-20"], "board/present-host"),
            ("MemberJoined", ["country": "GR", "office": "Greece's office", "date": "2021-04-27"], "member/GR"),
            ("SecretariatHosted", ["office": "Prosecutor's Office for Organized Crime", "country": "RS", "from": "2017-10-13"], "secretariat"),
            ("StaffAppointed", ["name": "A. B.", "role": "assistant", "from": "2017-10-13"], "secretariat/staff"),
            ("LegalProvisionsRequested", ["request": "conference/4#3", "deadline": "2018-09-01", "date": "2018-06-30"], "provisions"),
            ("HostDesignated", ["body": "executive-board", "meeting": 8, "country": "HU", "date": "2018-06-30"], "meeting/executive-board/8"),
            ("DeclarationSigned", ["date": "2016-05-26", "city": "Belgrade", "country": "RS", "signatories": ["RS"]], "conference"),
            ("EntryCorrected", ["corrects": 1, "changes": ["city": "Ohrid"], "reason": "r"], "corrections"),
            ("EntryRetracted", ["position": 1, "reason": "recorded in error"], "corrections"),
            (
                "SourceConflictNoted", ["stream": "meeting/conference/9", "event": "MeetingHeld", "field": "start", "value": "2023-02-22"],
                "meeting/conference/9"
            ),
            ("AccessTokenRevoked", ["name": "mfa-al"], "access/mfa-al"),
        ]
        for (type, data, stream) in examples {
            let validated = try OCPSCatalog().validate(type: type, data: data.objectValue!)
            #expect(validated.stream == stream, "\(type)")
        }
    }

    // MARK: - Action items

    @Test func anActionItemIsOpenedOnceAndClosedOrMovedOnlyWhileOpen() throws {
        let store = try TempStore()
        try expectRefused(
            store,
            "ActionItemClosed",
            Self.closed,
            "ActionItemClosed on action/conference-12-1 refused: no ActionItemOpened is recorded on action/conference-12-1"
        )
        try expectRefused(store, "DeadlineChanged", Self.moved, "no ActionItemOpened is recorded on action/conference-12-1")
        let opened = try append(store, "ActionItemOpened", Self.opened)
        var reopened = Self.opened
        reopened = reopened.with("task", "Send the statistics again")
        try expectRefused(store, "ActionItemOpened", reopened, "the item was already opened at position \(opened.position), on 2026-06-19")
        try append(store, "DeadlineChanged", Self.moved)
        let closed = try append(store, "ActionItemClosed", Self.closed)
        for (type, data) in [
            ("ActionItemClosed", Self.cancelled), ("DeadlineChanged", ["item": "conference-12-1", "due": "2026-12-01", "date": "2026-11-01"]),
        ] {
            try expectRefused(
                store,
                type,
                data,
                "\(type) on action/conference-12-1 refused: the item was closed at position \(closed.position), on 2026-10-14 (done)"
            )
        }
    }

    /// A writer keeps its stream states from one committed append to the next: only while
    /// no other writer has appended, and never from a transaction that did not commit.
    @Test func keptStreamStatesFollowOnlyThisWritersCommits() throws {
        let store = try TempStore()
        try append(store, "ActionItemOpened", Self.opened)
        try append(store, "DeadlineChanged", Self.moved)  // the item's state is now kept by this writer
        // Another writer (another connection, as another process would be) closes the item.
        let other = try EventLog.open(at: store.log.path, catalog: OCPSCatalog())
        let closed = try other.append(NewEvent(type: "ActionItemClosed", data: Self.closed, actor: "other clerk"))
        try other.close()
        try expectRefused(
            store,
            "DeadlineChanged",
            ["item": "conference-12-1", "due": "2026-12-01", "date": "2026-11-01"],
            "the item was closed at position \(closed.position), on 2026-10-14 (done)"
        )
    }

    /// States that began on an empty log read no stream they have not met (the log holds
    /// only what was appended through them), so they must not outlive another writer's append.
    @Test func statesBegunOnAnEmptyLogReadAStreamAnotherWriterAppendedTo() throws {
        let store = try TempStore()
        try append(store, "MeetingHeld", Self.meeting)  // this writer's states began on the empty log
        let other = try EventLog.open(at: store.log.path, catalog: OCPSCatalog())
        try other.append(NewEvent(type: "ActionItemOpened", data: Self.opened, actor: "other clerk"))
        try other.close()
        // The item's stream is new to this writer: read from the log, it holds the opening.
        try append(store, "ActionItemClosed", Self.closed)
        try expectRefused(store, "ActionItemClosed", Self.cancelled, "the item was closed at position 3")
        // An import into the empty store folds only its own lines, and sees them all.
        let fresh = try TempStore()
        let lines = [("ActionItemOpened", Self.opened), ("ActionItemClosed", Self.closed), ("ActionItemClosed", Self.cancelled)]
            .map { String(decoding: CanonicalJSON.encode(["type": .string($0.0), "data": $0.1]), as: UTF8.self) }
        #expect(throws: ActaError.self) { try fresh.log.importJSONLines(Array(lines.joined(separator: "\n").utf8), defaultActor: "clerk") }
        #expect(try fresh.log.importJSONLines(Array(lines.prefix(2).joined(separator: "\n").utf8), defaultActor: "clerk").appended == 2)
    }

    @Test func aBatchRolledBackOrOnlyCheckedLeavesTheKeptStatesAsTheLogIs() throws {
        let store = try TempStore()
        try append(store, "ActionItemOpened", Self.opened)
        let close = NewEvent(type: "ActionItemClosed", data: Self.closed, actor: "clerk")
        let refused = NewEvent(type: "ActionItemClosed", data: Self.cancelled, actor: "clerk")  // closed twice: refused
        #expect(throws: ActaError.self) { try store.log.append(batch: [close, refused]) }
        _ = try store.log.check(batch: [close])  // decided, then rolled back
        // The item is still open: neither the refused batch nor the check closed it.
        try append(store, "DeadlineChanged", Self.moved)
        try append(store, "ActionItemClosed", Self.closed)
        try expectRefused(store, "ActionItemClosed", Self.cancelled, "the item was closed at position 3")
    }

    // MARK: - Meetings

    @Test func anOutcomeIsForAMeetingHeldAndOncePerOrdinal() throws {
        let store = try TempStore()
        try expectRefused(
            store,
            "OutcomeAdopted",
            Self.outcome(1),
            "OutcomeAdopted on meeting/conference/12 refused: no MeetingHeld is recorded on meeting/conference/12"
        )
        let held = try append(store, "MeetingHeld", Self.meeting)
        var again = Self.meeting
        again = again.with("city", "Tirana")
        try expectRefused(store, "MeetingHeld", again, "the meeting is already recorded as held at position \(held.position), from 2026-06-18")
        let first = try append(store, "OutcomeAdopted", Self.outcome(1))
        try expectRefused(
            store,
            "OutcomeAdopted",
            Self.outcome(1, "Another text."),
            "outcome 1 of this meeting is already recorded at position \(first.position)"
        )
        // Another body's meeting of the same number is another stream.
        try append(store, "MeetingHeld", ["body": "executive-board", "number": 12, "start": "2026-06-18", "format": "online"])
        #expect(try append(store, "OutcomeAdopted", Self.outcome(2)).version == 3)
    }

    @Test func aHostIsDesignatedOnlyForAMeetingNotYetHeld() throws {
        let store = try TempStore()
        let designation: JSONValue = ["body": "conference", "meeting": 12, "country": "AL", "date": "2025-12-01"]
        try append(store, "HostDesignated", designation)
        let held = try append(store, "MeetingHeld", Self.meeting)
        // Recorded late, a designation made before the meeting is still accepted.
        try append(store, "HostDesignated", ["body": "conference", "meeting": 12, "country": "AL", "date": "2026-01-15", "city": "Tirana"])
        try expectRefused(
            store,
            "HostDesignated",
            ["body": "conference", "meeting": 12, "country": "HU", "date": "2026-06-18"],
            "the meeting was held from 2026-06-18 (position \(held.position))"
        )
    }

    // MARK: - Members

    @Test func anOfficeJoinsAndLeavesInOrderAndACountryKeepsTwoMemberships() throws {
        let store = try TempStore()
        let special: JSONValue = ["country": "BG", "office": "Specialised Prosecutor's Office", "date": "2016-05-26"]
        let appellate: JSONValue = ["country": "BG", "office": "Sofia Appellate Prosecutor's Office", "date": "2022-07-01"]
        let left: JSONValue = ["country": "BG", "office": "Specialised Prosecutor's Office", "date": "2022-07-01", "reason": "closed"]
        try expectRefused(
            store,
            "MemberLeft",
            left,
            "MemberLeft on member/BG refused: Specialised Prosecutor's Office is not a member on member/BG (no office of the country is a member)"
        )
        let joined = try append(store, "MemberJoined", special)
        var later = special
        later = later.with("date", "2017-01-01")
        try expectRefused(
            store,
            "MemberJoined",
            later,
            "Specialised Prosecutor's Office is already a member, since 2016-05-26 (joined at position \(joined.position))"
        )
        try expectRefused(
            store,
            "MemberInvited",
            ["country": "BG", "office": "Specialised Prosecutor's Office", "date": "2018-06-30"],
            "already a member, since 2016-05-26 (joined at position \(joined.position)); so it is not invited"
        )
        // A second office of the country is a membership of its own.
        let second = try append(store, "MemberJoined", appellate)
        try append(store, "MemberLeft", left)
        var leftAgain = left
        leftAgain = leftAgain.with("date", "2022-09-01")
        try expectRefused(store, "MemberLeft", leftAgain, "(members: Sofia Appellate Prosecutor's Office, joined at position \(second.position))")
        // The invitation of a country (no office named) and an intent to join are not memberships.
        try append(store, "MemberInvited", ["country": "GR", "date": "2018-06-30"])
        try append(store, "IntentToJoinAnnounced", ["country": "GR", "date": "2019-06-04"])
        try append(store, "MemberJoined", ["country": "GR", "office": "Greece's office", "date": "2021-04-27"])
    }

    // MARK: - Board seats

    @Test func aSeatIsVacatedOnlyWhenFilledAndFilledOnlyWhenFree() throws {
        let store = try TempStore()
        let vacated: JSONValue = ["seat": "present-host", "country": "MK", "until": "2019-06-04"]
        try expectRefused(
            store,
            "BoardSeatVacated",
            vacated,
            "BoardSeatVacated on board/present-host refused: the seat is vacant: no country holds it on board/present-host"
        )
        let filled = try append(store, "BoardSeatFilled", ["seat": "present-host", "country": "MK", "from": "2018-06-30"])
        try expectRefused(
            store,
            "BoardSeatFilled",
            ["seat": "present-host", "country": "AL", "from": "2026-11-20"],
            "the seat is held by MK since 2018-06-30 (position \(filled.position)): record its BoardSeatVacated first"
        )
        try expectRefused(
            store,
            "BoardSeatVacated",
            ["seat": "present-host", "country": "AL", "until": "2019-06-04"],
            "the seat is held by MK since 2018-06-30 (position \(filled.position)), not by AL"
        )
        // The same country again: a new representative.
        try append(store, "BoardSeatFilled", ["seat": "present-host", "country": "MK", "from": "2018-09-01", "representative": "N. N."])
        try append(store, "BoardSeatVacated", vacated)
        try append(store, "BoardSeatFilled", ["seat": "present-host", "country": "AL", "from": "2026-11-20"])
    }

    // MARK: - The Secretariat

    @Test func aNewHostNamesTheOfficeItTakesOverFrom() throws {
        let store = try TempStore()
        let serbia: JSONValue = ["office": "Prosecutor's Office for Organized Crime", "country": "RS", "from": "2017-10-13", "term": 4]
        var first = serbia
        first = first.with("predecessor", "Someone")
        try expectRefused(
            store,
            "SecretariatHosted",
            first,
            "no office hosts the Secretariat on secretariat, so it takes over from none: record Someone's SecretariatHosted first"
        )
        let hosted = try append(store, "SecretariatHosted", serbia)
        var bulgaria: JSONValue = ["office": "Specialised Prosecutor's Office", "country": "BG", "from": "2021-12-06", "term": 4]
        try expectRefused(
            store,
            "SecretariatHosted",
            bulgaria,
            "name as predecessor the office hosting the Secretariat: Prosecutor's Office for Organized Crime (RS) since 2017-10-13, position \(hosted.position)"
        )
        bulgaria = bulgaria.with("predecessor", "Sofia Appellate Prosecutor's Office")
        try expectRefused(
            store,
            "SecretariatHosted",
            bulgaria,
            "the predecessor named, Sofia Appellate Prosecutor's Office, is not the office hosting the Secretariat"
        )
        bulgaria = bulgaria.with("predecessor", "Prosecutor's Office for Organized Crime")
        try append(store, "SecretariatHosted", bulgaria)
    }

    @Test func staffLeaveOnlyAPostTheyHoldAndOneHeadAtATime() throws {
        let store = try TempStore()
        let head: JSONValue = ["name": "Miljko Radisavljević", "role": "head", "from": "2017-10-13"]
        try expectRefused(
            store,
            "StaffLeft",
            ["name": "Miljko Radisavljević", "role": "head", "until": "2023-02-22"],
            "StaffLeft on secretariat/staff refused: Miljko Radisavljević is not head on secretariat/staff (nobody is head)"
        )
        let appointed = try append(store, "StaffAppointed", head)
        try expectRefused(
            store,
            "StaffAppointed",
            ["name": "Galya Marinova", "role": "head", "from": "2023-02-22"],
            "Miljko Radisavljević is head since 2017-10-13 (position \(appointed.position)): record their StaffLeft first"
        )
        try expectRefused(
            store,
            "StaffLeft",
            ["name": "Galya Marinova", "role": "head", "until": "2023-02-22"],
            "(appointed: Miljko Radisavljević, position \(appointed.position))"
        )
        try append(store, "StaffLeft", ["name": "Miljko Radisavljević", "role": "head", "until": "2023-02-22"])
        try append(store, "StaffAppointed", ["name": "Galya Marinova", "role": "head", "from": "2023-02-22"])
    }

    // MARK: - Legal provisions

    @Test func aSubmissionAnswersARecordedRequest() throws {
        let store = try TempStore()
        let submission: JSONValue = [
            "country": "RS", "office": "Prosecutor's Office for Organized Crime", "date": "2018-08-20",
            "documents": ["Criminal Procedure Code, Articles 161-187"], "request": "conference/4#3",
        ]
        try expectRefused(
            store,
            "LegalProvisionsSubmitted",
            submission,
            "LegalProvisionsSubmitted on provisions/RS refused: no LegalProvisionsRequested conference/4#3 is recorded on stream provisions (none is)"
        )
        var unnamed = submission
        unnamed = unnamed.with("request", nil)
        try expectRefused(store, "LegalProvisionsSubmitted", unnamed, "no LegalProvisionsRequested is recorded on stream provisions")
        let request: JSONValue = ["request": "conference/4#3", "deadline": "2018-09-01", "date": "2018-06-30"]
        let requested = try append(store, "LegalProvisionsRequested", request)
        var moved = request
        moved = moved.with("deadline", "2018-10-01")
        try expectRefused(
            store,
            "LegalProvisionsRequested",
            moved,
            "request conference/4#3 is already recorded at position \(requested.position), due 2018-09-01"
        )
        var other = submission
        other = other.with("request", "conference/5#1")
        try expectRefused(
            store,
            "LegalProvisionsSubmitted",
            other,
            "no LegalProvisionsRequested conference/5#1 is recorded on stream provisions (recorded: conference/4#3)"
        )
        try append(store, "LegalProvisionsSubmitted", submission)
        try append(store, "LegalProvisionsSubmitted", unnamed)
    }

    // MARK: - Corrections and source conflicts

    @Test func aCorrectionTargetsAnEventAndFieldsItsTypeHasAndKeepsItValidOnItsStream() throws {
        let store = try TempStore()
        let held = try append(store, "MeetingHeld", Self.meeting)
        func correction(_ position: Int64, _ changes: JSONValue) -> JSONValue {
            ["corrects": .number(Double(position)), "changes": changes, "reason": "the minutes say otherwise"]
        }
        try expectRefused(
            store,
            "EntryCorrected",
            correction(9, ["city": "Ohrid"]),
            "EntryCorrected on corrections refused: there is no position 9 to correct: the register's last position is 1"
        )
        try expectRefused(
            store,
            "EntryCorrected",
            correction(held.position, ["town": "Ohrid"]),
            "MeetingHeld at position 1 has no field town (its fields: body, number, start,"
        )
        try expectRefused(
            store,
            "EntryCorrected",
            correction(held.position, ["start": "2026-02-30"]),
            "the correction would make the MeetingHeld at position 1 invalid: MeetingHeld.start"
        )
        try expectRefused(
            store,
            "EntryCorrected",
            correction(held.position, ["number": 13]),
            "the correction would move the MeetingHeld at position 1 from meeting/conference/12 to meeting/conference/13"
        )
        let first = try append(store, "EntryCorrected", correction(held.position, ["end": "2026-06-19"]))
        // Earlier corrections count: with its end corrected, a start after it is invalid.
        try expectRefused(
            store,
            "EntryCorrected",
            correction(held.position, ["start": "2026-06-20"]),
            "MeetingHeld.end: 2026-06-19 is before the start 2026-06-20"
        )
        try expectRefused(
            store,
            "EntryCorrected",
            correction(first.position, ["reason": "x"]),
            "position \(first.position) is itself a correction: correct the position it corrects, 1"
        )
    }

    /// The rules see a stream's events as corrected, as the views do: appended one by one,
    /// and in one import, where the corrected stream is folded again with rows still waiting.
    @Test func theRulesSeeCorrectedEvents() throws {
        func line(_ type: String, _ data: JSONValue) -> String {
            String(decoding: CanonicalJSON.encode(["type": .string(type), "data": data]), as: UTF8.self)
        }
        let joined: JSONValue = ["country": "BG", "office": "Specialized Prosecutors Office", "date": "2016-05-26"]
        let correction: JSONValue = ["corrects": 1, "changes": ["office": "Specialised Prosecutor's Office"], "reason": "the office's name"]
        let left: JSONValue = ["country": "BG", "office": "Specialised Prosecutor's Office", "date": "2022-07-01"]
        let leftAsRecorded = left.with("office", "Specialized Prosecutors Office")

        let store = try TempStore()
        try append(store, "MemberJoined", joined)
        try append(store, "EntryCorrected", correction)
        try expectRefused(
            store,
            "MemberLeft",
            leftAsRecorded,
            "Specialized Prosecutors Office is not a member on member/BG (members: Specialised Prosecutor's Office, joined at position 1)"
        )
        try append(store, "MemberLeft", left)

        let imported = try TempStore()
        let lines = [line("MemberJoined", joined), line("EntryCorrected", correction), line("MemberLeft", leftAsRecorded)]
        let error = #expect(throws: ActaError.self) {
            try imported.log.importJSONLines(Array(lines.joined(separator: "\n").utf8), defaultActor: "clerk")
        }
        #expect(
            error?.message.hasPrefix("line 3: MemberLeft on member/BG refused: Specialized Prosecutors Office is not a member") == true,
            "\(error?.message ?? "")"
        )
        let fixed = [lines[0], lines[1], line("MemberLeft", left)]
        #expect(try imported.log.importJSONLines(Array(fixed.joined(separator: "\n").utf8), defaultActor: "clerk").appended == 3)
    }

    // MARK: - Retractions

    static func retraction(_ position: Int64, _ reason: String = "recorded in error") -> JSONValue {
        ["position": .number(Double(position)), "reason": .string(reason)]
    }

    @Test func aRetractionTargetsAnEntryNotRetractedAndNotARetraction() throws {
        let store = try TempStore()
        let held = try append(store, "MeetingHeld", Self.meeting)
        let outcome = try append(store, "OutcomeAdopted", Self.outcome(1))
        try expectRefused(
            store,
            "EntryRetracted",
            Self.retraction(9),
            "EntryRetracted on corrections refused: there is no position 9 to retract: the register's last position is 2"
        )
        let retraction = try append(store, "EntryRetracted", Self.retraction(outcome.position))
        #expect(retraction.stream == "corrections")
        try expectRefused(store, "EntryRetracted", Self.retraction(outcome.position, "twice"), "position 2 is already retracted, at position 3")
        try expectRefused(store, "EntryRetracted", Self.retraction(retraction.position, "undo"), "position 3 is itself a retraction, which is final")
        let correction: JSONValue = ["corrects": .number(Double(outcome.position)), "changes": ["text": "x"], "reason": "r"]
        try expectRefused(store, "EntryCorrected", correction, "position 2 is retracted (at position 3): a retracted entry is not corrected")
        try expectRefused(
            store,
            "EntryCorrected",
            ["corrects": 3, "changes": ["reason": "x"], "reason": "r"],
            "position 3 is a retraction, which is not corrected"
        )
        // The same retraction again is a repeat, refused naming the first.
        try expectRefused(store, "EntryRetracted", Self.retraction(outcome.position), "the same EntryRetracted is already recorded at position 3")
        #expect(held.position == 1)
    }

    /// The rules read a stream without its retracted entries: the item closed in error is
    /// open again (and may be closed with the very same data), the outcome's ordinal is free.
    @Test func aRetractedEntryIsNotThereForTheRules() throws {
        let store = try TempStore()
        try append(store, "ActionItemOpened", Self.opened)
        let closed = try append(store, "ActionItemClosed", Self.closed)
        try expectRefused(store, "ActionItemClosed", Self.closed, "the same ActionItemClosed is already recorded at position 2")
        try append(store, "EntryRetracted", Self.retraction(closed.position))
        try append(store, "DeadlineChanged", Self.moved)
        #expect(try append(store, "ActionItemClosed", Self.closed).position == 5)
        try expectRefused(store, "ActionItemClosed", Self.cancelled, "the item was closed at position 5")

        try append(store, "MeetingHeld", Self.meeting)
        let first = try append(store, "OutcomeAdopted", Self.outcome(1, "As first recorded."))
        try expectRefused(store, "OutcomeAdopted", Self.outcome(1), "outcome 1 of this meeting is already recorded at position \(first.position)")
        try append(store, "EntryRetracted", Self.retraction(first.position))
        try append(store, "OutcomeAdopted", Self.outcome(1))
    }

    /// In one import too: a line retracting an earlier line of the same import.
    @Test func aRetractionInAnImportCountsForTheLinesAfterIt() throws {
        func line(_ type: String, _ data: JSONValue) -> String {
            String(decoding: CanonicalJSON.encode(["type": .string(type), "data": data]), as: UTF8.self)
        }
        let store = try TempStore()
        let lines = [
            line("ActionItemOpened", Self.opened), line("ActionItemClosed", Self.closed), line("EntryRetracted", Self.retraction(2)),
            line("ActionItemClosed", Self.cancelled),
        ]
        #expect(try store.log.importJSONLines(Array(lines.joined(separator: "\n").utf8), defaultActor: "clerk").appended == 4)
        let again = [line("ActionItemClosed", Self.closed)]
        let error = #expect(throws: ActaError.self) { try store.log.importJSONLines(Array(again.joined().utf8), defaultActor: "clerk") }
        #expect(error?.message.contains("the item was closed at position 4, on 2026-10-15 (cancelled)") == true, "\(error?.message ?? "")")
    }

    /// A retracted correction no longer changes its target, for the rules as for the views.
    @Test func aRetractedCorrectionNoLongerApplies() throws {
        let store = try TempStore()
        try append(store, "MemberJoined", ["country": "BG", "office": "Specialised Prosecutor's Office", "date": "2016-05-26"])
        let correction = try append(
            store,
            "EntryCorrected",
            ["corrects": 1, "changes": ["office": "Sofia Appellate Prosecutor's Office"], "reason": "r"]
        )
        let left: JSONValue = ["country": "BG", "office": "Specialised Prosecutor's Office", "date": "2022-07-01"]
        try expectRefused(store, "MemberLeft", left, "Specialised Prosecutor's Office is not a member on member/BG")
        try append(store, "EntryRetracted", Self.retraction(correction.position, "the office was right"))
        try append(store, "MemberLeft", left)
    }

    // MARK: - Dates read from the register

    /// An outcome recorded without its date occurred on its meeting's start, as the meeting's
    /// stream holds it; a date given, in the data or as `occurred`, is kept.
    @Test func anOutcomeWithoutADateOccursOnItsMeetingsStart() throws {
        let store = try TempStore()
        try append(store, "MeetingHeld", Self.meeting)
        // (A retry with the same id gets the same day, so is the same content: see
        // aRetryWithItsIDIsAnsweredFromTheLogBeforeTheRules.)
        let undated = try append(store, "OutcomeAdopted", Self.outcome(1))
        #expect(try store.log.entry(at: undated.position)?.occurred == "2026-06-18")
        let dated = try append(store, "OutcomeAdopted", Self.outcome(2).with("date", "2026-06-19"))
        #expect(try store.log.entry(at: dated.position)?.occurred == "2026-06-19")
        let given = try store.log.append(NewEvent(type: "OutcomeAdopted", data: Self.outcome(3), occurred: "2026-06-20", actor: "clerk"))
        #expect(try store.log.entry(at: given.position)?.occurred == "2026-06-20")
        // The meeting's start as corrected.
        try append(store, "EntryCorrected", ["corrects": 1, "changes": ["start": "2026-06-17"], "reason": "r"])
        let later = try append(store, "OutcomeAdopted", Self.outcome(4))
        #expect(try store.log.entry(at: later.position)?.occurred == "2026-06-17")
        #expect(try store.log.entries(EventFilter(since: "2026-06-17", until: "2026-06-18")).map(\.position) == [1, 2, later.position])
    }

    @Test func aSourceConflictDisputesAnEventOfItsStream() throws {
        let store = try TempStore()
        let conflict: JSONValue = ["stream": "meeting/conference/12", "event": "MeetingHeld", "field": "start", "value": "2026-06-17"]
        try expectRefused(
            store,
            "SourceConflictNoted",
            conflict,
            "SourceConflictNoted on meeting/conference/12 refused: no MeetingHeld is recorded on meeting/conference/12"
        )
        let held = try append(store, "MeetingHeld", Self.meeting)
        let opened = try append(store, "ActionItemOpened", Self.opened)
        var naming = conflict
        naming = naming.with("id", .string(opened.id))
        try expectRefused(
            store,
            "SourceConflictNoted",
            naming,
            "id \(opened.id) is the ActionItemOpened at position \(opened.position) on action/conference-12-1, not a MeetingHeld on meeting/conference/12"
        )
        naming = naming.with("id", .string(held.id))
        try append(store, "SourceConflictNoted", naming)
        // Another source giving the same value is recorded too: the type allows repeats.
        try append(store, "SourceConflictNoted", naming)
    }

    @Test func aTokenIsIssuedWhenNoneIsActiveAndRevokedWhenOneIs() throws {
        let store = try TempStore()
        try expectRefused(store, "AccessTokenRevoked", ["name": "mfa-al"], "no token of this name is active on access/mfa-al")
        let issued = try append(store, "AccessTokenIssued", ["name": "mfa-al", "sha256": .string(String(repeating: "a", count: 64))])
        try expectRefused(
            store,
            "AccessTokenIssued",
            ["name": "mfa-al", "sha256": .string(String(repeating: "b", count: 64))],
            "a token of this name is active, issued at position \(issued.position)"
        )
        try append(store, "AccessTokenRevoked", ["name": "mfa-al"])
        try append(store, "AccessTokenIssued", ["name": "mfa-al", "sha256": .string(String(repeating: "b", count: 64))])
    }

    // MARK: - Repeats and retries

    @Test func theSameEventTwiceOnAStreamIsRefusedNamingTheFirst() throws {
        let store = try TempStore()
        try append(store, "MeetingHeld", Self.meeting)
        let first = try append(store, "OutcomeAdopted", Self.outcome(1))
        let recorded = try #require(try store.log.entry(at: first.position)).recorded.prefix(10)
        try expectRefused(
            store,
            "OutcomeAdopted",
            Self.outcome(1),
            "OutcomeAdopted on meeting/conference/12 refused: the same OutcomeAdopted is already recorded at position \(first.position) on \(recorded)"
        )
        // The same data under another type is not a repeat.
        let invited: JSONValue = ["country": "GR", "date": "2018-06-30"]
        try append(store, "MemberInvited", invited)
        try append(store, "IntentToJoinAnnounced", invited)
        try expectRefused(store, "MemberInvited", invited, "the same MemberInvited is already recorded at position")
        // A type that allows repeats: two sources reporting the same count.
        let report: JSONValue = ["date": "2020-07-08", "offices": 13]
        try append(store, "MembershipReported", report)
        try append(store, "MembershipReported", report)
    }

    @Test func aRetryWithItsIDIsAnsweredFromTheLogBeforeTheRules() throws {
        let store = try TempStore()
        try append(store, "MeetingHeld", Self.meeting)
        let id = "0190f2a4-0000-7000-8000-000000000042"
        let first = try append(store, "OutcomeAdopted", Self.outcome(1), id: id)
        let retry = try append(store, "OutcomeAdopted", Self.outcome(1), id: id)
        #expect(retry.duplicate && retry.position == first.position)
        #expect(try store.log.head().count == 2)
        // The same content under a new id is a repeat, refused.
        let error = #expect(throws: ActaError.self) {
            try append(store, "OutcomeAdopted", Self.outcome(1), id: "0190f2a4-0000-7000-8000-000000000043")
        }
        #expect(error?.message.contains("already recorded at position \(first.position)") == true)
        // Other content under the id is a conflict of ids, as before.
        let other = #expect(throws: ActaError.self) { try append(store, "OutcomeAdopted", Self.outcome(2), id: id) }
        #expect(other?.message.contains("is already used at position \(first.position) with different content") == true)
    }

    // MARK: - Imports

    /// An import decides each line against the register including its own earlier lines,
    /// whether their rows are already in `events` or still wait for their batch.
    @Test func anImportDecidesEachLineAgainstItsEarlierLines() throws {
        func line(_ type: String, _ data: JSONValue) -> String {
            String(decoding: CanonicalJSON.encode(["type": .string(type), "data": data]), as: UTF8.self)
        }
        let filler = (1...40).map {
            line("MembershipReported", ["date": .string("2020-01-\(String(format: "%02d", $0 % 28 + 1))"), "offices": .number(Double($0))])
        }
        for early in [true, false] {
            let store = try TempStore()
            // The opening is 40 lines before the repeated close (its row in `events`) or just before (waiting).
            let opening = [line("ActionItemOpened", Self.opened), line("ActionItemClosed", Self.closed)]
            let lines =
                early ? opening + filler + [line("ActionItemClosed", Self.cancelled)] : filler + opening + [line("ActionItemClosed", Self.cancelled)]
            let error = #expect(throws: ActaError.self) {
                try store.log.importJSONLines(Array(lines.joined(separator: "\n").utf8), defaultActor: "clerk")
            }
            let closedAt = early ? 2 : 42
            #expect(
                error?.message
                    == "line 43: ActionItemClosed on action/conference-12-1 refused: the item was closed at position \(closedAt), on 2026-10-14 (done); a closed item stays closed"
            )
            #expect(try store.log.head().count == 0)
        }
        // A request earlier in the same import answers a submission; a correction of a line of the import is checked against it.
        let store = try TempStore()
        let lines = [
            line("LegalProvisionsRequested", ["request": "conference/4#3", "deadline": "2018-09-01", "date": "2018-06-30"]),
            line(
                "LegalProvisionsSubmitted",
                ["country": "RS", "office": "POOC", "date": "2018-08-20", "documents": ["Code"], "request": "conference/4#3"]
            ),
            line("MeetingHeld", Self.meeting),
            line("EntryCorrected", ["corrects": 3, "changes": ["city": "Tirana"], "reason": "r"]),
        ]
        #expect(try store.log.importJSONLines(Array(lines.joined(separator: "\n").utf8), defaultActor: "clerk").appended == 4)
        let other = try TempStore()
        let error = #expect(throws: ActaError.self) {
            try other.log.importJSONLines(Array([lines[1], lines[0]].joined(separator: "\n").utf8), defaultActor: "clerk")
        }
        #expect(
            error?.message.hasPrefix("line 1: LegalProvisionsSubmitted on provisions/RS refused: no LegalProvisionsRequested conference/4#3") == true,
            "\(error?.message ?? "")"
        )
        #expect(try other.log.head().count == 0)
    }

    /// Lines of an export are restored as they were (their rules were decided when first
    /// written) and count for the lines after them.
    @Test func restoredLinesAreFoldedForTheLinesAfterThem() throws {
        let source = try TempStore()
        try append(source, "ActionItemOpened", Self.opened)
        try append(source, "ActionItemClosed", Self.closed)
        var export: [UInt8] = []
        try source.log.export(EventFilter()) { export.append(contentsOf: $0) }
        let again = String(decoding: CanonicalJSON.encode(["type": "ActionItemClosed", "data": Self.cancelled]), as: UTF8.self)
        let store = try TempStore()
        let error = #expect(throws: ActaError.self) { try store.log.importJSONLines(export + Array(again.utf8), defaultActor: "clerk") }
        #expect(
            error?.message
                == "line 3: ActionItemClosed on action/conference-12-1 refused: the item was closed at position 2, on 2026-10-14 (done); a closed item stays closed"
        )
        #expect(try store.log.importJSONLines(export, defaultActor: "clerk").restored == 2)
    }

    /// The engine without a domain's rules: the client names the stream and repeats are accepted.
    @Test func aCatalogWithoutRulesAcceptsAnyOrder() throws {
        let store = try TempStore(catalog: OpenCatalog())
        let close = NewEvent(type: "ActionItemClosed", stream: "action/x", data: Self.closed, actor: "clerk")
        try store.log.append(close)
        try store.log.append(close)
        #expect(try store.log.head().count == 2)
        let error = #expect(throws: ActaError.self) { try store.log.append(NewEvent(type: "Note", data: [:], actor: "clerk")) }
        #expect(error?.message == "no stream given, and the catalog derives none for Note")
    }
}

extension JSONValue {
    /// A copy of this object with `key` set to `value` (nil: removed).
    func with(_ key: String, _ value: JSONValue?) -> JSONValue {
        var object = objectValue ?? [:]
        object[key] = value
        return .object(object)
    }
}
