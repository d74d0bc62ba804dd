using IntegrationHub.Adapters.Files.Export;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Parts;

/// <summary>
/// Checks <c>Hub:Parts</c> (issue 24 item 3): the export folder is usable and its encoding known, or the REST endpoint
/// is an http(s) address without credentials in it, and its credential's environment variable is set and fit for a
/// header; not both a folder and an endpoint.
/// </summary>
internal sealed class PartsOptionsValidator(HubOptions hub) : HubSettingsValidator<PartsOptions>(HubSettingPaths.Of(nameof(HubOptions.Parts)))
{
    /// <summary>The credential's value from the environment, or null when the variable is not set or empty.</summary>
    public static string? AuthValue(PartsRestOptions rest) =>
        rest.AuthEnvironmentVariable is { Length: > 0 } variable && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;

    protected override void Check(PartsOptions parts, List<string> errors)
    {
        var export = parts.Export;
        var at = Setting(nameof(parts.Export));
        if (ExportEncodings.Find(export.Encoding) is null)
        {
            errors.Add($"{at}:{nameof(export.Encoding)} is '{Adapters.Abstractions.LogText.Escape(export.Encoding)}'; use one of {ExportEncodings.Names}.");
        }

        if (export.Folder is { Length: > 0 } folder)
        {
            if (export.Rest.Url is { Length: > 0 })
            {
                errors.Add($"{at}:{nameof(export.Folder)} and {at}:{nameof(export.Rest)}:{nameof(export.Rest.Url)} are both set; part requests go one way: remove one.");
            }
            else
            {
                errors.AddRange(ExportFolder.Problems(hub.Resolve(folder), $"{at}:{nameof(export.Folder)}"));
            }
        }

        CheckRest(export.Rest, $"{at}:{nameof(export.Rest)}", errors);
    }

    private static void CheckRest(PartsRestOptions rest, string at, List<string> errors)
    {
        if (rest.Url is { Length: > 0 } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{at}:{nameof(rest.Url)} is '{Adapters.Abstractions.LogText.Escape(url)}'; give the ERP's endpoint as an absolute http:// or https:// address.");
            }
            else if (uri.UserInfo.Length > 0)
            {
                errors.Add($"{at}:{nameof(rest.Url)} has a user name or password in it; give the credential through {nameof(rest.AuthHeader)} and {nameof(rest.AuthEnvironmentVariable)} instead (settings files are read by many).");
            }
        }

        if (rest.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{at}:{nameof(rest.Timeout)} ({rest.Timeout}) must be positive.");
        }

        if (rest.AuthHeader is not { Length: > 0 } header)
        {
            if (rest.AuthEnvironmentVariable is { Length: > 0 })
            {
                errors.Add($"{at}:{nameof(rest.AuthEnvironmentVariable)} is set but {nameof(rest.AuthHeader)} is not; name the header that carries the credential, e.g. Authorization.");
            }

            return;
        }

        if (!header.All(c => c is > ' ' and < '\u007f' and not ('(' or ')' or '<' or '>' or '@' or ',' or ';' or ':' or '\\' or '"' or '/' or '[' or ']' or '?' or '=' or '{' or '}')))
        {
            errors.Add($"{at}:{nameof(rest.AuthHeader)} is '{Adapters.Abstractions.LogText.Escape(header)}', not a header name (letters, digits and -, e.g. Authorization or X-Api-Key).");
        }

        if (rest.AuthEnvironmentVariable is not { Length: > 0 } variable)
        {
            errors.Add($"{at}:{nameof(rest.AuthEnvironmentVariable)} is not set; name the environment variable that holds the {Adapters.Abstractions.LogText.Escape(header)} value.");
        }
        else if (AuthValue(rest) is not { } value)
        {
            errors.Add($"{at}:{nameof(rest.AuthEnvironmentVariable)}: the environment variable {Adapters.Abstractions.LogText.Escape(variable)} is not set or empty; set it in the hub's environment (the systemd unit's EnvironmentFile).");
        }
        else if (value.Any(char.IsControl))
        {
            // The value is never shown: it is the credential.
            errors.Add($"{at}:{nameof(rest.AuthEnvironmentVariable)}: the value of {Adapters.Abstractions.LogText.Escape(variable)} has a line break or another control character, which no header may carry.");
        }
    }
}
