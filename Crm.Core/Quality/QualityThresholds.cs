namespace IntegrationHub.Crm.Core.Quality;

/// <summary>Where green ends and red begins, and the report mailed on a schedule (configuration <c>Hub:Quality</c>).</summary>
public sealed record QualityThresholds
{
    /// <summary>A field filled in at least this share of records is green.</summary>
    /// <value>The default value is 0.95.</value>
    public double FillGreen { get; init; } = 0.95;

    /// <summary>
    /// A field filled in at least this share of records (0 to 1), but less than <see cref="FillGreen"/>, is yellow;
    /// less is red. Not range-checked: keep it at or below <see cref="FillGreen"/>.
    /// </summary>
    /// <value>The default value is 0.80; below it, red.</value>
    public double FillYellow { get; init; } = 0.80;

    /// <summary>At most this share of filled values invalid is green.</summary>
    /// <value>The default value is 0.02.</value>
    public double InvalidGreen { get; init; } = 0.02;

    /// <summary>
    /// At most this share of filled values invalid (0 to 1), but more than <see cref="InvalidGreen"/>, is yellow; more is
    /// red. Not range-checked: keep it at or above <see cref="InvalidGreen"/>.
    /// </summary>
    /// <value>The default value is 0.10; above it, red.</value>
    public double InvalidYellow { get; init; } = 0.10;

    /// <summary>At most this share of records affected (duplicates, unknown customers, totals that disagree) is yellow; none is green.</summary>
    /// <value>The default value is 0.02.</value>
    public double ProblemYellow { get; init; } = 0.02;

    /// <summary>The report mailed on a schedule; none by default.</summary>
    public QualityReportSchedule Report { get; init; } = new();
}
