using System.Text;
using IntegrationHub.Hub.Host.CrmOutbound;

namespace IntegrationHub.Hub.Host.Cli;

/// <summary>
/// <c>hub crm openapi [--to FILE]</c>: the CRM API's OpenAPI document (issue 23 item 1), as the hub serves it at
/// <c>/api/crm/openapi.json</c>. It reads no settings and opens no store. The repository's docs/crm-openapi.json is its
/// output, checked by a test against what a running hub serves.
/// </summary>
internal static class CrmOpenApiCommand
{
    public static async Task<int> RunAsync(CommandArguments args, CommandConsole console, CancellationToken cancellationToken)
    {
        var document = CrmOpenApiDocument.Utf8;
        if (args.Option("to") is not { } to)
        {
            await console.Out.WriteAsync(Encoding.UTF8.GetString(document)).ConfigureAwait(false);
            return HubCommandLine.ExitOk;
        }

        await File.WriteAllBytesAsync(to, document, cancellationToken).ConfigureAwait(false);
        await console.Out.WriteLineAsync($"Wrote the CRM API's OpenAPI document ({document.Length} bytes) to {Path.GetFullPath(to)}.").ConfigureAwait(false);
        return HubCommandLine.ExitOk;
    }
}
