using Polly;
using Polly.Retry;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// The hub's one way of starting an adapter again after a failure that time may fix (a broker that is down, an
/// inbox on a share that is gone): a Polly retry with exponential backoff and jitter, without a last attempt,
/// until the hub stops. Each adapter says which failures count and what to report while waiting.
/// </summary>
internal static class RetryForever
{
    public static ResiliencePipeline Build(
        TimeProvider time, TimeSpan maxDelay, Func<Exception, bool> isTransient, Action<Exception, TimeSpan> onRetry) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(isTransient),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = maxDelay,
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    onRetry(args.Outcome.Exception!, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
}
