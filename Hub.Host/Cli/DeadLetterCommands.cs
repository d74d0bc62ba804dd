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
    private const int ReplayBatch = 1_000;

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
        var store = services.GetRequiredService<IHubStore>();
        var mapper = services.GetRequiredService<RecordMapper>();
        var time = services.GetRequiredService<TimeProvider>();
        var letters = await store.ListDeadLettersAsync(args.Option("source"), includeReplayed: false, int.MaxValue, cancellationToken)
            .ConfigureAwait(false);
        int replayed = 0, stillFailing = 0, unreplayable = 0;
        foreach (var batch in letters.Chunk(ReplayBatch))
        {
            var replayable = batch
                .Select(l => (Letter: l, Fields: RecordMapper.DeserializeFields(l.Payload)))
                .Where(x => x.Fields is not null)
                .ToList();
            unreplayable += batch.Length - replayable.Count;
            var records = replayable.Select(x => new SourceRecord(x.Letter.Source, x.Letter.Reference, x.Fields!, x.Letter.CreatedAt)).ToList();
            var mapped = mapper.Map(records);
            var failedRefs = mapped.Failures.Select(f => f.Record.Reference).ToHashSet(StringComparer.Ordinal);
            var done = replayable.Where(x => !failedRefs.Contains(x.Letter.Reference)).Select(x => x.Letter.Id).ToList();

            await store.ApplyAsync(mapped.Changes, [], cancellationToken).ConfigureAwait(false);
            await store.MarkDeadLettersReplayedAsync(done, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            replayed += done.Count;
            stillFailing += mapped.Failures.Count;
            foreach (var failure in mapped.Failures)
            {
                await console.Out.WriteLineAsync($"{failure.Record.Reference}: still fails: {failure.Letter.Reason}").ConfigureAwait(false);
            }
        }

        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{replayed} replayed, {stillFailing} still failing, {unreplayable} raw rows that never parsed (fix their file and drop it again).")).ConfigureAwait(false);
        return stillFailing == 0 ? HubCommandLine.ExitOk : HubCommandLine.ExitFailed;
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
