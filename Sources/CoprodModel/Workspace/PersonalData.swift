// coprod — co-production toolkit. Apache-2.0.

// MARK: - Personal data

/// Personal data about one participant, held apart from everything else: name, contact
/// details and equality-monitoring answers. Only commands that ask for it see it; plugins and
/// exports see pseudonymous ids unless the user grants a permission.
public struct PersonalData: Sendable, Hashable, Codable {
  /// The pseudonymous id this data belongs to.
  public var participantID: String
  /// Field name → value. Contact fields use ``contactFields`` names; equality monitoring uses
  /// ``equalityFields`` names; any other column an import kept is stored under its own name.
  public var fields: [String: String]

  /// Creates a personal-data record.
  public init(participantID: String, fields: [String: String]) {
    self.participantID = participantID
    self.fields = fields
  }

  /// The person's name, if recorded.
  public var name: String? { fields["name"] }

  /// The contact details recorded (`email`, `phone`, `address`, `postcode`).
  public var contact: [String: String] { fields.filter { PersonalData.contactFields.contains($0.key) } }

  /// The equality-monitoring answers recorded.
  public var equalityMonitoring: [String: String] {
    fields.filter { PersonalData.equalityFields.contains($0.key) }
  }

  /// Field names for identity and contact details.
  public static let contactFields: Set<String> = ["name", "email", "phone", "address", "postcode"]

  /// Field names for equality-monitoring answers (the Equality Act 2010 protected
  /// characteristics plus age band); they may only ever be reported in aggregate.
  public static let equalityFields: Set<String> = [
    "age_band", "disability", "gender", "gender_identity", "ethnicity", "religion",
    "sexual_orientation", "sex", "marital_status", "pregnancy",
  ]
}
