namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>
/// What a customer keeps on the portal's profile pages (issue 23 item 3): contacts, delivery addresses and the plans
/// note; each with the fields a change may set, and the longest value each takes. Names are stored; do not rename.
/// </summary>
internal static class ProfileSubjects
{
    public const string Contact = "contact";
    public const string Address = "address";
    public const string Plans = "plans";

    public const string Add = "add";
    public const string Edit = "edit";
    public const string Remove = "remove";

    public static IReadOnlyList<string> All { get; } = [Contact, Address, Plans];

    /// <summary>The fields of <paramref name="subject"/>, in the order pages and the ERP's file show them.</summary>
    public static IReadOnlyList<string> Fields(string subject) => subject switch
    {
        Contact => ["name", "phone", "email", "role"],
        Address => ["label", "recipient", "phone", "address"],
        Plans => ["plans"],
        _ => throw new ArgumentOutOfRangeException(nameof(subject), subject, "Not a profile subject."),
    };

    /// <summary>The longest text a field keeps, in characters.</summary>
    public static int MaxLength(string field) => field switch
    {
        "plans" => 4000,
        "address" => 500,
        "email" => 254,
        "phone" => 64,
        _ => 200,
    };

    /// <summary>Whether a change of <paramref name="subject"/> must give the field (the others may stay empty).</summary>
    public static bool IsRequired(string subject, string field) =>
        (subject, field) is (Contact, "name") or (Address, "address");
}
