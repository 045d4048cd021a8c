import ActaLog
import ArgumentParser

/// A calendar day, YYYY-MM-DD: what every date option takes (`--as-of`, `--since`, `--until`,
/// `--expires`). An impossible date such as 2018-02-30 is refused while the arguments are
/// parsed, naming the option (exit 64).
///
///     @Option(help: "Only events on or after this date (YYYY-MM-DD).", transform: Day.parse)
///     var since: Day?
struct Day: Sendable, Equatable {
    /// The date as the log and the views compare dates: `2018-06-30`.
    let text: String

    static var today: Day { Day(text: Timestamp.today()) }

    static func parse(_ argument: String) throws -> Day {
        if let problem = Timestamp.dateProblem(argument) { throw ValidationError(problem) }
        return Day(text: argument)
    }
}
