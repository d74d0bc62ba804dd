using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// Runs the options validations registered with <c>ValidateOnStart</c> and returns their failures as messages, so that
/// they join the core's in one <see cref="HubConfigurationException"/> (issue 19 item 4: every problem at once).
/// </summary>
internal static class StartupValidation
{
    /// <summary>Every failure of every options type validated at start; empty when all are valid.</summary>
    public static IReadOnlyList<string> Problems(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures.ToList();
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            // Several options types failed: the validator gathers them into one AggregateException.
            return ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).ToList();
        }
    }
}
