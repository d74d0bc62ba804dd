namespace IntegrationHub.Crm.Core.Quality;

public enum QualityRating
{
    Green,
    Yellow,
    Red,
}
