/// ISO 3166-1 alpha-2 country codes, and which are EU Member States.
///
/// Related document: ISO 3166-1:2020, the 249 officially assigned alpha-2 codes.
public enum Countries {
    /// The 249 officially assigned codes, plus XK, the user-assigned code in common use for Kosovo.
    public static let codes: Set<String> = [
        "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE",
        "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD",
        "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
        "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
        "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU",
        "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
        "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME",
        "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
        "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
        "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI",
        "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK",
        "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
        "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
        "XK",
    ]

    /// The 27 EU Member States (since 2020-02-01).
    public static let euMembers: Set<String> = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
        "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    ]

    public static func isCode(_ text: String) -> Bool { codes.contains(text) }

    /// Codes written for a country that are not its alpha-2 code: the EU's own (EL for
    /// Greece, UK for the United Kingdom), and the alpha-3, IOC and common abbreviations of
    /// the countries of the network's region (MOL and MDA for Moldova, KOS for Kosovo).
    static let aliases: [String: String] = [
        "UK": "GB", "EL": "GR", "MOL": "MD", "MDA": "MD", "KOS": "XK", "XKX": "XK", "BIH": "BA", "ALB": "AL", "AUT": "AT",
        "BGR": "BG", "BUL": "BG", "HRV": "HR", "CRO": "HR", "GRC": "GR", "GRE": "GR", "HUN": "HU", "ITA": "IT", "MKD": "MK",
        "MNE": "ME", "ROU": "RO", "ROM": "RO", "SRB": "RS", "SVN": "SI", "SLO": "SI", "DEU": "DE", "GER": "DE", "GBR": "GB",
        "UKR": "UA", "TUR": "TR", "CHE": "CH", "SUI": "CH", "FRA": "FR", "ESP": "ES", "POL": "PL", "CZE": "CZ", "SVK": "SK",
        "CYP": "CY", "MLT": "MT", "BEL": "BE", "NLD": "NL", "NED": "NL", "PRT": "PT", "POR": "PT", "IRL": "IE",
    ]

    /// The code `text` most likely means, for an error's "did you mean": an alias, the code
    /// in other case (`md`), or the one code a letter away; nil when none or several are.
    public static func meant(by text: String) -> String? {
        Suggestion.closest(to: text, among: sortedCodes, aliases: aliases)
    }

    private static let sortedCodes = codes.sorted()

    /// Whether `code` is an EU Member State on `date`: Croatia joined on 2013-07-01,
    /// Romania and Bulgaria on 2007-01-01; the others in this network's history were members throughout.
    public static func isEU(_ code: String, on date: String) -> Bool {
        switch code {
        case "HR": return date >= "2013-07-01"
        case "BG", "RO": return date >= "2007-01-01"
        default: return euMembers.contains(code)
        }
    }
}
