using System.Diagnostics;

namespace StatementDrafting.Web.Features.Documents;

/// <summary>
/// Prints HTML to PDF with the headless Chromium of the server (Debian's package), as a separate process with a time
/// limit: A4, fonts embedded, text selectable, page numbers from the stylesheet's page margin boxes. When the server has
/// no Chromium, <see cref="Available"/> is false and the pages say so instead of offering a PDF that would fail.
/// </summary>
public sealed partial class PdfRenderer(IConfiguration configuration, ILogger<PdfRenderer> logger) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>At most two prints at once on a small server; others wait their turn.</summary>
    private readonly SemaphoreSlim _turns = new(2, 2);

    /// <summary>The browser used, from <c>Documents:Chromium</c>, else the usual places of Debian's and others' packages.</summary>
    public string? Browser { get; } = new[] { configuration["Documents:Chromium"], "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }
        .FirstOrDefault(p => !string.IsNullOrWhiteSpace(p) && File.Exists(p));

    public bool Available => Browser is not null;

    public const string Unavailable = "PDF is not available on this server: it needs Chromium installed (the Debian package 'chromium'). Download the HTML and print it to PDF from your browser instead.";

    public async Task<byte[]> PrintAsync(string html, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(html);
        var browser = Browser ?? throw new Domain.DomainException(Unavailable);
        var folder = WorkFolder();
        await _turns.WaitAsync(cancellationToken);
        try
        {
            var source = Path.Combine(folder.FullName, "document.html");
            var target = Path.Combine(folder.FullName, "document.pdf");
            await File.WriteAllTextAsync(source, html, cancellationToken);
            var start = new ProcessStartInfo(browser)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-default-apps", "--disable-sync",
                "--no-default-browser-check", "--mute-audio", "--disable-features=Translate,MediaRouter,OptimizationHints",
                "--no-pdf-header-footer", $"--user-data-dir={Path.Combine(folder.FullName, "profile")}", $"--print-to-pdf={target}",
                new Uri(source).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Limit);
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            await Task.WhenAll(output, errors);
            if (!File.Exists(target) || new FileInfo(target).Length == 0)
            {
                LogFailed(process.ExitCode);
                throw new Domain.DomainException("The PDF could not be made just now. Try again, or download the HTML and print it.");
            }

            return await File.ReadAllBytesAsync(target, cancellationToken);
        }
        finally
        {
            _turns.Release();
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A file still held by the browser's last child: the system's temporary folder is cleaned anyway.
            }
        }
    }

    public void Dispose() => _turns.Dispose();

    /// <summary>
    /// A fresh folder for one print (the page, the PDF and the browser's throwaway profile): in memory (<c>/dev/shm</c>)
    /// where the system has it, which saves the browser a quarter of its start; else the temporary folder.
    /// </summary>
    private static DirectoryInfo WorkFolder()
    {
        const string Memory = "/dev/shm";
        if (Directory.Exists(Memory))
        {
            try
            {
                return Directory.CreateDirectory(Path.Combine(Memory, $"statementdrafting-pdf-{Guid.NewGuid():N}"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not writable here: the temporary folder will do.
            }
        }

        return Directory.CreateTempSubdirectory("statementdrafting-pdf-");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chromium printed no PDF (exit code {ExitCode}).")]
    private partial void LogFailed(int exitCode);
}
