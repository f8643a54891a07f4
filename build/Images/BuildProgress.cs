using System.Text.RegularExpressions;

namespace Strata.Images;

/// <summary>Reads BuildKit's <c>--progress=plain</c> output.</summary>
public static class BuildProgress
{
    /// <summary>
    /// True when every Dockerfile step other than FROM came from a cache (see <see cref="Tracker.AllStepsCached"/>).
    /// FROM steps never say CACHED (they resolve an image), and internal steps (<c>[internal] …</c>, exporting) are not
    /// steps of the recipe.
    /// </summary>
    public static bool AllStepsCached(string output)
    {
        var tracker = new Tracker();
        foreach (var line in output.Split('\n'))
            tracker.Observe(line);
        return tracker.AllStepsCached;
    }

    /// <summary>Reads a build's output one line at a time, keeping only step ids and the last few lines.</summary>
    public sealed class Tracker
    {
        const int KeptLines = 3;
        readonly object gate = new();
        readonly HashSet<string> steps = [];
        readonly HashSet<string> cached = [];
        readonly HashSet<string> transferred = [];
        readonly HashSet<string> logged = [];
        readonly Queue<string> lastLines = new();
        readonly Dictionary<string, string> pushedManifests = [];
        readonly HashSet<string> afterImageSteps = [];
        readonly HashSet<string> cacheImportSteps = [];
        readonly HashSet<string> failedSteps = [];
        string? lastError;

        public void Observe(string rawLine)
        {
            var line = rawLine.TrimEnd('\r');
            lock (gate)
            {
                var trimmed = line.Trim();
                if (trimmed.Length > 0)
                {
                    lastLines.Enqueue(trimmed);
                    if (lastLines.Count > KeptLines) lastLines.Dequeue();
                    if (trimmed.Contains("ERROR", StringComparison.Ordinal) || trimmed.StartsWith("error", StringComparison.OrdinalIgnoreCase))
                        lastError = trimmed;
                }
                var step = StepLine().Match(line);
                if (step.Success)
                {
                    if (!step.Groups["instruction"].Value.Equals("FROM", StringComparison.OrdinalIgnoreCase))
                        steps.Add(step.Groups["id"].Value);
                    return;
                }
                var done = CachedLine().Match(line);
                if (done.Success)
                {
                    cached.Add(done.Groups["id"].Value);
                    return;
                }
                var log = StepLogLine().Match(line);
                if (log.Success)
                {
                    logged.Add(log.Groups["id"].Value);
                    return;
                }
                var transfer = LayerTransferLine().Match(line);
                if (transfer.Success)
                {
                    transferred.Add(transfer.Groups["id"].Value);
                    return;
                }
                var pushed = PushedManifestLine().Match(line);
                if (pushed.Success)
                {
                    pushedManifests[pushed.Groups["ref"].Value] = pushed.Groups["digest"].Value;
                    return;
                }
                var afterImage = AfterImageStepLine().Match(line);
                if (afterImage.Success)
                {
                    afterImageSteps.Add(afterImage.Groups["id"].Value);
                    return;
                }
                var cacheImport = CacheImportStepLine().Match(line);
                if (cacheImport.Success)
                {
                    cacheImportSteps.Add(cacheImport.Groups["id"].Value);
                    return;
                }
                var failed = FailedStepLine().Match(line);
                if (failed.Success && !cacheImportSteps.Contains(failed.Groups["id"].Value))
                    failedSteps.Add(failed.Groups["id"].Value);
            }
        }

        /// <summary>The digest BuildKit itself pushed under <paramref name="reference"/>, as its exporter reported it.</summary>
        public string? PushedDigest(string reference)
        {
            var wanted = ImageReference.Parse(reference);
            lock (gate)
                return pushedManifests
                    .Where(pushed => ImageReference.Parse(pushed.Key) is var image
                        && image.Registry == wanted.Registry && image.Repository == wanted.Repository && image.Tag == wanted.Tag)
                    .Select(pushed => pushed.Value)
                    .LastOrDefault();
        }

        /// <summary>
        /// True when steps failed and every one of them runs after the image exporter finished: the registry cache
        /// export (<c>#13 exporting cache to registry</c>) or buildx's second push through the engine
        /// (<c>#14 pushing REF with docker</c>) — not a recipe step, the image export or BuildKit's own push.
        /// </summary>
        public bool OnlyStepsAfterTheImageFailed
        {
            get { lock (gate) return failedSteps.Count > 0 && failedSteps.IsSubsetOf(afterImageSteps); }
        }

        /// <summary>
        /// True when no recipe step ran. A step says <c>#N CACHED</c> when it comes from the engine's cache; one taken
        /// from a registry cache may instead end <c>#N DONE</c> after its layer's download (<c>#N sha256:… done</c>):
        /// BuildKit reports the lazy download as the step's own progress, which can overwrite the cached mark before
        /// it is printed. Such a step printed no output of a command (<c>#N 0.512 …</c>), which one that ran may have.
        /// </summary>
        public bool AllStepsCached
        {
            get
            {
                lock (gate)
                    return steps.All(step => cached.Contains(step) || (transferred.Contains(step) && !logged.Contains(step)));
            }
        }

        /// <summary>The last error line, or else the last three lines, for a failure message.</summary>
        public string FailureSummary
        {
            get { lock (gate) return lastError ?? string.Join(" | ", lastLines); }
        }
    }

    private static Regex StepLine() => stepLine ??= new(@"^#(?<id>\d+) \[(?:[^\]]*\s)?\d+/\d+\] (?<instruction>[A-Za-z]+)");
    static Regex? stepLine;

    private static Regex CachedLine() => cachedLine ??= new(@"^#(?<id>\d+) CACHED\s*$");
    static Regex? cachedLine;

    // "#6 0.512 gcc -o app app.c": a line a step's command printed, with its time since the step started.
    private static Regex StepLogLine() => stepLogLine ??= new(@"^#(?<id>\d+) \d+\.\d+ ");
    static Regex? stepLogLine;

    // "#13 sha256:f144… 191B / 191B 0.0s done", "#13 extracting sha256:f144… done": a layer of the step's result
    // downloaded or unpacked — a step whose result came from a cache, not one that ran.
    private static Regex LayerTransferLine() => layerTransferLine ??= new(@"^#(?<id>\d+) (?:extracting )?sha256:[0-9a-f]{64} ");
    static Regex? layerTransferLine;

    // "#12 pushing manifest for 127.0.0.1:5000/r:t@sha256:… 0.0s done": the exporter's push of the image it built.
    private static Regex PushedManifestLine() =>
        pushedManifestLine ??= new(@"^#\d+ pushing manifest for (?<ref>[^@\s]+)@(?<digest>sha256:[0-9a-f]{64})(?: [0-9.]+s)? done\s*$");
    static Regex? pushedManifestLine;

    // Steps BuildKit runs once the image is exported (and pushed): "#13 exporting cache to registry", and buildx's
    // push of the same tag through the engine API, "#14 pushing 127.0.0.1:5000/r:t with docker".
    private static Regex AfterImageStepLine() =>
        afterImageStepLine ??= new(@"^#(?<id>\d+) (?:exporting cache to registry|pushing \S+ with docker)\s*$");
    static Regex? afterImageStepLine;

    // "#6 importing cache manifest from REF": BuildKit carries on when it fails, as it does on the first build of a
    // cache ref ("#6 ERROR: failed to configure registry cache importer: REF: not found"), so its error fails no build.
    private static Regex CacheImportStepLine() => cacheImportStepLine ??= new(@"^#(?<id>\d+) importing cache manifest from \S+\s*$");
    static Regex? cacheImportStepLine;

    private static Regex FailedStepLine() => failedStepLine ??= new(@"^#(?<id>\d+) ERROR:");
    static Regex? failedStepLine;
}
