using IntegrationHub.Adapters.Rest;

namespace IntegrationHub.Hub.Host.Modules.Rest;

/// <summary>Checks <c>Hub:Rest</c>: every source complete and sensible.</summary>
internal static class RestSourcesValidator
{
    /// <summary>Every problem of <paramref name="rest"/>, bound at <paramref name="section"/>.</summary>
    public static IReadOnlyList<string> Validate(RestOptions rest, string section)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rest.Sources.Count; i++)
        {
            var s = rest.Sources[i];
            var at = $"{section}:{nameof(rest.Sources)}:{i}";
            if (string.IsNullOrWhiteSpace(s.Name))
            {
                errors.Add($"{at}:{nameof(s.Name)} is empty. Set it to the source name its mapping file declares, for example erp-api-orders.");
            }
            else if (!names.Add(s.Name))
            {
                errors.Add($"{at}:{nameof(s.Name)} '{s.Name}' is used by another source. Give every source its own name.");
            }

            if (!Uri.TryCreate(s.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{at}:{nameof(s.Url)} is '{s.Url}'. Use the collection's absolute http or https address, for example http://erp.local:8080/api/v2/orders.");
            }

            var auth = s.Auth;
            if (auth.Header is { Length: > 0 } && auth.QueryParameter is { Length: > 0 })
            {
                errors.Add($"{at}:{nameof(s.Auth)} names both a Header and a QueryParameter. Use the one the API expects.");
            }
            else if ((auth.Header is { Length: > 0 } || auth.QueryParameter is { Length: > 0 }) && string.IsNullOrEmpty(auth.Secret))
            {
                errors.Add($"{at}:{nameof(s.Auth)}:{nameof(auth.Secret)} is missing. Set it from the environment: {at.Replace(":", "__", StringComparison.Ordinal)}__{nameof(s.Auth)}__{nameof(auth.Secret)}.");
            }

            if (s.Paging.Kind != RestPagingKind.None && s.Paging.Size is < 1 or > 100_000)
            {
                errors.Add($"{at}:{nameof(s.Paging)}:{nameof(s.Paging.Size)} is {s.Paging.Size}. Use 1 to 100000, and no more than the API allows per page: a short page is taken as the last.");
            }

            PollTimingCheck.Check(errors, at, s.Interval, s.Schedule, s.ScheduleTimeZone, TimeProvider.System);
            if (s.Timeout < TimeSpan.FromSeconds(1) || s.MaxRetryAfter < TimeSpan.Zero || s.MaxPages < 1)
            {
                errors.Add($"{at}: Timeout is {s.Timeout}, MaxRetryAfter {s.MaxRetryAfter}, MaxPages {s.MaxPages}. Use a Timeout of at least 00:00:01, a MaxRetryAfter of 0 or more and MaxPages of 1 or more.");
            }
        }

        return errors;
    }
}
