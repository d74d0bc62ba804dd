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

    /// <summary>
    /// Visible texts whose colour contrast against their background is below WCAG 2 AA (4.5:1, or 3:1 for large
    /// text), as "text: ratio"; empty when every text passes. Backgrounds are taken from the nearest ancestor with an
    /// opaque background colour (images and gradients are not considered).
    /// </summary>
    public static Task<string[]> ContrastProblemsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => {
          const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
          const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
            .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
          const background = (node) => {
            for (let n = node; n; n = n.parentElement) {
              const c = rgb(getComputedStyle(n).backgroundColor);
              if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
            }
            return [255, 255, 255];
          };
          const problems = [];
          for (const node of document.querySelectorAll("body *")) {
            const text = [...node.childNodes].filter((c) => c.nodeType === 3).map((c) => c.textContent.trim()).join(" ").trim();
            const style = getComputedStyle(node);
            if (!text || style.visibility === "hidden" || node.getClientRects().length === 0) continue;
            const [a, b] = [lum(rgb(style.color).slice(0, 3)), lum(background(node))];
            const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
            const large = size >= 24 || (bold && size >= 18.66);
            if (ratio < (large ? 3 : 4.5)) problems.push(`${text.slice(0, 40)}: ${ratio.toFixed(2)}`);
          }
          return problems;
        }
        """);

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
