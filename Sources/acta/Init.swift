import ArgumentParser

struct Init: ActaCommand {
    static let configuration = CommandConfiguration(abstract: "Create a new, empty store (refuses an existing path).")

    @OptionGroup var options: StoreOptions

    func execute() throws {
        let log = try options.createStore()
        print("created \(log.location)")
    }
}
