namespace IntegrationHub.Hub.Host.Photos;

/// <summary>
/// A photo <see cref="PhotoIntake.AcceptAsync"/> refused: <see cref="Problem"/> says which rule it broke, the message
/// names the photo (its declared name, escaped) and what was expected and found, fit to show to the person who sent it.
/// Nothing of a refused photo is stored.
/// </summary>
internal sealed class PhotoRejectedException(PhotoProblem problem, string message) : Exception(message)
{
    /// <summary>Which rule the photo broke.</summary>
    public PhotoProblem Problem { get; } = problem;
}
