using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Pipeline;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Cli;

/// <summary><c>hub deadletters ...</c>: see what failed, and apply it again once the mapping is fixed.</summary>
internal static class DeadLetterCommands
{
    private const int DefaultTake = 100;
    public static async Task<int> ListAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken cancellationToken)
    {
        await HubStartup.PrepareAsync(services, requireMappings: false, cancellationToken).ConfigureAwait(false);
        var take = ParseTake(args);
        var letters = await services.GetRequiredService<IHubStore>()
            .ListDeadLettersAsync(args.Option("source"), args.Flag("all"), take, cancellationToken).ConfigureAwait(false);
        foreach (var letter in letters)
        {
            var state = letter.ReplayedAt is null ? "open" : "replayed " + HubCommandLine.Format(letter.ReplayedAt);
            await console.Out.WriteLineAsync(
                $"{HubCommandLine.Format(letter.CreatedAt)}  {letter.Source}  {letter.Reference}  [{state}]{Environment.NewLine}    {letter.Reason}")
                .ConfigureAwait(false);
        }

        await console.Out.WriteLineAsync($"{letters.Count} dead letter(s){(letters.Count == take ? $" (the first {take}; --take N for more)" : string.Empty)}.")
            .ConfigureAwait(false);
        return HubCommandLine.ExitOk;
    }

    /// <summary>
    /// Maps the open dead letters again with the current mappings. Those that map are applied and marked replayed
    /// in the store; the rest stay open with their new reason printed. Raw rows that never parsed cannot be
    /// replayed: their file must be fixed and dropped again.
    /// </summary>
    public static async Task<int> ReplayAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken cancellationToken)
    {
        await HubStartup.PrepareAsync(services, requireMappings: true, cancellationToken).ConfigureAwait(false);
        var result = await services.GetRequiredService<DeadLetterReplay>().ReplayAsync(args.Option("source"), cancellationToken).ConfigureAwait(false);
        foreach (var failure in result.StillFailing)
        {
            await console.Out.WriteLineAsync($"{failure.Reference}: still fails: {failure.Reason}").ConfigureAwait(false);
        }

        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{result.Replayed} replayed, {result.StillFailing.Count} still failing, {result.Unreplayable} raw rows that never parsed (fix their file and drop it again).")).ConfigureAwait(false);
        return result.StillFailing.Count == 0 ? HubCommandLine.ExitOk : HubCommandLine.ExitFailed;
    }

    private static int ParseTake(CommandArguments args)
    {
        var text = args.Option("take");
        if (text is null)
        {
            return DefaultTake;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var take) && take > 0
            ? take
            : throw new CommandLineException($"--take must be a whole number of 1 or more, not '{text}'.");
    }
}
