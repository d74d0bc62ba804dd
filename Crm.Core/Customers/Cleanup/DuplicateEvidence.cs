namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>
/// What each piece of evidence adds to a pair's score (docs/customer-data.md explains the choice). A pair whose names
/// are <see cref="NameRelation.Different"/> is never proposed, whatever else agrees: sister companies share a
/// switchboard, a building and a mail domain. Contacts make a close name the same company; a city that differs
/// makes the same name a branch or a namesake.
/// </summary>
public static class DuplicateEvidence
{
    /// <summary>The default minimum score of a proposal.</summary>
    public const double DefaultMinimumScore = 0.75;

    public const double SameName = 0.6;
    public const double OneCharacterApart = 0.45;
    public const double Shortened = 0.4;
    public const double SamePhone = 0.3;
    public const double SameEmail = 0.3;
    public const double SameCompanyDomain = 0.1;
    public const double SameAddress = 0.2;
    public const double SameCity = 0.15;

    /// <summary>Both records say where, and they say different cities: branches (华为技术（深圳）/（苏州）) or namesakes.</summary>
    public const double OtherCity = -0.45;

    /// <summary>What the name relation is worth; <see cref="NameRelation.Different"/> nothing.</summary>
    public static double Of(NameRelation relation) => relation switch
    {
        NameRelation.Same => SameName,
        NameRelation.OneCharacterApart => OneCharacterApart,
        NameRelation.Shortened => Shortened,
        _ => 0,
    };
}
