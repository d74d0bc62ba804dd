using IntegrationHub.Adapters.Abstractions;
using Polly;
using Polly.Retry;

namespace IntegrationHub.Adapters.Rest;

/// <summary>The poller's two retries: of one request (obeying Retry-After), and of a whole poll.</summary>
public sealed partial class RestSourcePoller
{
    /// <summary>
    /// Exponential backoff with jitter from the first delay (1 s) up to a minute, for ever, unless a delay is given
    /// (Retry-After); the caller's cancellation is never retried.
    /// </summary>
    private ResiliencePipeline RetryForever(
        TimeSpan? firstDelay, Func<OnRetryArguments<object>, ValueTask> onRetry, Func<Exception?, TimeSpan?>? retryAfter) =>
        new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex
                    && !(ex is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = firstDelay ?? TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromMinutes(1),
                MaxRetryAttempts = int.MaxValue,
                DelayGenerator = retryAfter is null ? null : args => ValueTask.FromResult(retryAfter(args.Outcome.Exception)),
                OnRetry = onRetry,
            })
            .Build();

    // Retry-After is obeyed up to MaxRetryAfter; "0" still gets a breath, so a busy API is not hammered.
    private TimeSpan? RetryAfterOf(Exception? failure) => failure is RestRequestException { RetryAfter: { } asked }
        ? TimeSpan.FromTicks(Math.Clamp(asked.Ticks, MinRetryAfter.Ticks, _source.MaxRetryAfter.Ticks))
        : null;

    private ValueTask OnRequestRetry(OnRetryArguments<object> args)
    {
        var address = args.Context.Properties.GetValue(AddressKey, _source.Url);
        var reason = args.Outcome.Exception is OperationCanceledException ? $"no answer within {_source.Timeout}" : args.Outcome.Exception?.Message ?? "failed";
        lock (_gate)
        {
            _state = AdapterState.Retrying;
            _lastError = $"{address}: {reason}";
            _lastErrorAt = _time.GetUtcNow();
            _failures++;
            _failuresInRow++;
        }

        RestPollLog.RequestFailed(_logger, _source.Name, address, reason, args.RetryDelay);
        return ValueTask.CompletedTask;
    }

    // The API's paging went wrong or a page could not be stored: the whole poll starts again after the backoff;
    // the pages stored before are asked for conditionally and cost little.
    private ValueTask OnPollRetry(OnRetryArguments<object> args)
    {
        var failure = args.Outcome.Exception!;
        lock (_gate)
        {
            _state = AdapterState.Retrying;
            _lastError = failure.Message;
            _lastErrorAt = _time.GetUtcNow();
            _failures++;
        }

        RestPollLog.PollFailed(_logger, failure, _source.Name, failure.Message, args.RetryDelay);
        return ValueTask.CompletedTask;
    }
}
