using Microsoft.Playwright;

namespace IntegrationHub.EndToEnd.Tests.Browser;

/// <summary>
/// Debian's headless Chromium driven by Playwright (its own browser download is never used: deploy/test.sh installs
/// the Debian package), and a folder for the screenshots each test saves to look at.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Where screenshots go: artifacts/screenshots under the repository, which CI keeps.</summary>
    public static string ScreenshotFolder { get; } = Directory.CreateDirectory(
        Path.Combine(Hub.Host.Tests.Support.TestHub.RepositoryRoot(), "artifacts", "screenshots")).FullName;

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: run deploy/test.sh (it installs Debian's chromium) or apt-get install chromium.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Tests run as root in CI containers, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>Script errors and failed requests of the page, to assert none happened and to explain a failure.</summary>
    public static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add("uncaught: " + error);
        return errors;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
