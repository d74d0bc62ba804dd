using IntegrationHub.Adapters.Rest;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>Checks <c>Hub:Rest</c>: every source complete and sensible.</summary>
internal static class RestSourcesValidator
{
    public static void Validate(List<string> errors, RestOptions rest)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rest.Sources.Count; i++)
        {
            var s = rest.Sources[i];
            var at = $"Hub:Rest:Sources:{i}";
            if (string.IsNullOrWhiteSpace(s.Name))
            {
                errors.Add($"{at}:Name is empty. Set it to the source name its mapping file declares, for example erp-api-orders.");
            }
            else if (!names.Add(s.Name))
            {
                errors.Add($"{at}:Name '{s.Name}' is used by another source. Give every source its own name.");
            }

            if (!Uri.TryCreate(s.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{at}:Url is '{s.Url}'. Use the collection's absolute http or https address, for example http://erp.local:8080/api/v2/orders.");
            }

            var auth = s.Auth;
            if (auth.Header is { Length: > 0 } && auth.QueryParameter is { Length: > 0 })
            {
                errors.Add($"{at}:Auth names both a Header and a QueryParameter. Use the one the API expects.");
            }
            else if ((auth.Header is { Length: > 0 } || auth.QueryParameter is { Length: > 0 }) && string.IsNullOrEmpty(auth.Secret))
            {
                errors.Add($"{at}:Auth:Secret is missing. Set it from the environment: Hub__Rest__Sources__{i}__Auth__Secret.");
            }

            if (s.Paging.Kind != RestPagingKind.None && s.Paging.Size is < 1 or > 100_000)
            {
                errors.Add($"{at}:Paging:Size is {s.Paging.Size}. Use 1 to 100000, and no more than the API allows per page: a short page is taken as the last.");
            }

            if (s.Interval <= TimeSpan.Zero || s.Timeout < TimeSpan.FromSeconds(1) || s.MaxRetryAfter < TimeSpan.Zero || s.MaxPages < 1)
            {
                errors.Add($"{at}: Interval is {s.Interval}, Timeout {s.Timeout}, MaxRetryAfter {s.MaxRetryAfter}, MaxPages {s.MaxPages}. Use an Interval above 0, a Timeout of at least 00:00:01, a MaxRetryAfter of 0 or more and MaxPages of 1 or more.");
            }
        }
    }
}
