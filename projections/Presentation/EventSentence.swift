import ActaEvents
import ActaLog

/// What an event says, in one line for people: "Conference meeting 4 held in Skopje",
/// "GR invited to join", "Action item conference-4-3 closed: done". The reader's timeline
/// shows it beside each event's type and stream.
public enum EventSentence {
    /// The sentence for an entry of the log, decoded with the OCPS catalog (upcast to the
    /// current schema); the type and stream when the catalog cannot read it.
    public static func of(_ entry: Entry) -> String {
        guard let value = try? OCPSCatalog().decode(entry) else { return "\(entry.type) on \(entry.stream)" }
        return of(value) ?? "\(entry.type) on \(entry.stream)"
    }

    /// The sentence for a decoded event, or nil for a value that is not an OCPS event.
    public static func of(_ value: any Sendable) -> String? {
        switch value {
        case let e as DeclarationSigned:
            return "\(e.title ?? "Declaration") signed in \(e.city) by offices of \(e.signatories.count) countries"
        case let e as MeetingHeld:
            return "\(meeting(e.body, e.number)) held \(held(e))"
        case let e as OutcomeAdopted:
            return "\(meeting(e.body, e.meeting)) adopted outcome \(e.ordinal) (\(e.kind)): \(short(e.text))"
        case let e as HostApproached:
            return "\(e.country) approached about hosting \(meeting(e.body, e.meeting).lowercasedFirst)\(e.by.map { " by the \($0)" } ?? "")"
        case let e as HostDesignated:
            return "\(e.country) designated to host \(meeting(e.body, e.meeting).lowercasedFirst)\(e.city.map { " in \($0)" } ?? "")"
        case let e as MemberInvited:
            return "\(e.office.map { "\($0) (\(e.country))" } ?? e.country) invited to join"
                + (e.body.flatMap { b in e.meeting.map { " by \(meeting(b, $0).lowercasedFirst)" } } ?? "")
        case let e as IntentToJoinAnnounced:
            return "\(e.office.map { "\($0) (\(e.country))" } ?? e.country) announced it intends to join"
        case let e as MemberJoined:
            return "\(e.office) (\(e.country)) joined"
        case let e as MemberLeft:
            return "\(e.office) (\(e.country)) left" + (e.reason.map { ": \(short($0))" } ?? "")
        case let e as MembershipReported:
            let counts = [e.offices.map { "\($0) member offices" }, e.countries.map { "\($0) member countries" }].compactMap { $0 }
            return "A source reported "
                + (counts.isEmpty ? "the members \((e.members ?? []).joined(separator: ", "))" : counts.joined(separator: " from "))
        case let e as BoardSeatFilled:
            return "\(e.country) took the Executive Board's \(e.seat) seat" + (e.representative.map { ", represented by \($0)" } ?? "")
        case let e as BoardSeatVacated:
            return "\(e.country) left the Executive Board's \(e.seat) seat"
        case let e as SecretariatHosted:
            return "\(e.office) (\(e.country)) hosts the Secretariat" + (e.term.map { " for \($0) years" } ?? "")
        case let e as StaffAppointed:
            return "\(e.name) appointed \(e.role) of the Secretariat"
        case let e as StaffLeft:
            return "\(e.name) left the post of \(e.role) of the Secretariat"
        case let e as ActionItemOpened:
            return "Action item \(e.item) opened for \(e.owner)\(e.due.map { ", due \($0)" } ?? ""): \(short(e.task))"
        case let e as DeadlineChanged:
            return "Action item \(e.item) now due \(e.due)" + (e.reason.map { ": \(short($0))" } ?? "")
        case let e as ActionItemClosed:
            return "Action item \(e.item) closed: \(e.resolution)" + (e.note.map { " (\(short($0)))" } ?? "")
        case let e as LegalProvisionsRequested:
            return "Legal provisions requested (\(e.request)), due \(e.deadline)"
        case let e as LegalProvisionsSubmitted:
            return "\(e.country) submitted legal provisions (\(e.documents.count) \(e.documents.count == 1 ? "document" : "documents"))"
                + (e.request.map { " for \($0)" } ?? "")
        case let e as SourceConflictNoted:
            return "A source disputes the \(e.event)'s \(e.field): it gives \(short(e.value))"
        case let e as EntryCorrected:
            return "Event \(e.corrects) corrected (\(e.changes.keys.sorted().joined(separator: ", "))): \(short(e.reason))"
        case let e as AccessTokenIssued:
            return (e.scope == AccessTokenIssued.calendarScope ? "Calendar feed token" : "Read access token") + " issued for \(e.name)"
        case let e as AccessTokenRevoked:
            return "Access token for \(e.name) revoked"
        default:
            return nil
        }
    }

    /// `Conference meeting 4`, `Executive Board meeting 5`.
    public static func meeting(_ body: String, _ number: Int) -> String {
        "\(bodyName(body)) meeting \(number)"
    }

    /// A body as people name it: Conference, Executive Board, Other body.
    public static func bodyName(_ body: String) -> String {
        switch body {
        case "conference": "Conference"
        case "executive-board": "Executive Board"
        default: "Other body"
        }
    }

    /// Where and how a meeting was held: `in Skopje`, `online (Zoom)`, `(place not recorded)`.
    static func held(_ m: MeetingHeld) -> String {
        let place = m.city.map { "in \($0)" }
        switch m.format {
        case "online": return "online" + (m.platform.map { " (\($0))" } ?? "")
        case "hybrid": return [place, "hybrid"].compactMap { $0 }.joined(separator: ", ")
        default: return place ?? "(place not recorded)"
        }
    }

    /// A long text cut at a word, so the sentence stays one line.
    static func short(_ text: String, _ limit: Int = 90) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        let word = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return word + "…"
    }
}

extension String {
    /// `Conference meeting 4` → `conference meeting 4`; `Executive Board` keeps its capitals
    /// (a name, not the start of a sentence).
    var lowercasedFirst: String {
        hasPrefix("Conference") || hasPrefix("Other") ? prefix(1).lowercased() + dropFirst() : self
    }
}
