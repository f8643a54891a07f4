using System.Diagnostics;
using System.Linq.Expressions;

namespace Strata.Engine;

/// <summary>Base class of a build: parameters, targets and the entry point that plans and runs them.</summary>
public abstract class NukeBuild
{
    static readonly AsyncLocal<string?> currentRoot = new();

    IReadOnlyDictionary<string, string> environment = new Dictionary<string, string>();

    public static string RootDirectory => currentRoot.Value ?? FindRoot(Directory.GetCurrentDirectory());

    public bool IsServerBuild => environment.GetValueOrDefault("GITHUB_ACTIONS") == "true";

    /// <summary>The environment variables of this run (the injected ones under test).</summary>
    protected IReadOnlyDictionary<string, string> EnvironmentVariables => environment;

    /// <summary>Cancelled on Ctrl-C or SIGTERM: work a target does outside its context (loading, deriving) observes it.</summary>
    protected CancellationToken AbortToken { get; private set; }

    protected virtual void OnBuildInitialized() { }

    public static int Execute<T>(string[] args, params Expression<Func<T, Target>>[] defaultTargets) where T : NukeBuild, new()
    {
        using var abort = new CancellationTokenSource();
        using var interrupt = BuildInvocation.AbortOnInterrupt(abort);
        return Execute(new T(), BuildInvocation.FromProcess(args, abort.Token), defaultTargets);
    }

    public static int Execute<T>(BuildInvocation invocation, params Expression<Func<T, Target>>[] defaultTargets) where T : NukeBuild, new() =>
        Execute(new T(), invocation, defaultTargets);

    public static int Execute<T>(T build, BuildInvocation invocation, params Expression<Func<T, Target>>[] defaultTargets) where T : NukeBuild =>
        Task.Run(() => ExecuteAsync(build, invocation, defaultTargets)).GetAwaiter().GetResult();

    public static async Task<int> ExecuteAsync<T>(T build, BuildInvocation invocation, params Expression<Func<T, Target>>[] defaultTargets) where T : NukeBuild
    {
        var sink = new LogSink(invocation.Output, invocation.Error ?? invocation.Output);
        using var logScope = Log.Use(sink);
        var stopwatch = Stopwatch.StartNew();
        var github = GitHubActionsHost.From(invocation.Environment);
        var showStackTraces = false;
        try
        {
            var commandLine = CommandLine.Parse(invocation.Args);
            var parameters = ParameterDescriptor.Discover(build.GetType());
            foreach (var secret in SecretValues.Raw(parameters, commandLine, invocation.Environment))
                RegisterSecret(secret);
            var options = BuiltInParameters.From(commandLine);
            sink.Verbosity = options.Verbosity;
            showStackTraces = options.Verbosity == Verbosity.Verbose;

            var root = Path.GetFullPath(options.Root ?? invocation.RootDirectory ?? FindRoot(Directory.GetCurrentDirectory()));
            currentRoot.Value = root;
            build.environment = invocation.Environment;
            build.AbortToken = invocation.Abort;
            BuildSchema.Update(root, build.GetType(), invocation.Abort);

            var model = TargetModel.Discover(build);
            var defaults = defaultTargets.Select(TargetModel.TargetName).ToList();
            if (options.Help)
            {
                sink.WriteLines(HelpText.Render(model, defaults, parameters, build));
                return ExitCodes.Success;
            }

            var sources = ParameterSources.Load(commandLine, invocation.Environment, root, options.Profiles, parameters);
            foreach (var secret in SecretValues.FromSources(parameters, sources))
                RegisterSecret(secret);
            ParameterInjector.Inject(build, parameters, sources);
            foreach (var secret in SecretValues.Injected(parameters, build))
                RegisterSecret(secret);
            build.OnBuildInitialized();

            var invoked = options.Targets.Count > 0 ? options.Targets : sources.FileTargets ?? defaults;
            var skip = options.Skip != SkipRequest.None || sources.FileSkip is null ? options.Skip : new SkipRequest(false, sources.FileSkip);
            var parameterOptions = parameters.DistinctBy(p => p.Member.Name).ToDictionary(p => p.Member.Name, p => p.Option);
            var plan = Planner.Plan(model, invoked, skip, checkRequirements: !options.Plan, parameterOptions);
            if (options.Plan)
            {
                sink.WriteLines(PlanPage.Text(plan));
                sink.WriteLines($"Plan written to {PlanPage.Write(plan, root, invocation.Abort)}");
                return ExitCodes.Success;
            }

            var results = await new Executor(plan, new ExecutionOptions(options.Parallelism, options.Continue, showStackTraces, github, invocation.Abort)).RunAsync();
            var aborted = invocation.Abort.IsCancellationRequested;
            var verdict = Summary.Verdict(results, stopwatch.Elapsed, aborted);
            sink.WriteLines("");
            sink.WriteLines(Summary.Table(results));
            sink.WriteLines(verdict);
            github.AppendStepSummary(Summary.Markdown(results, verdict));
            return aborted ? ExitCodes.Interrupted
                : results.Any(result => result.BadInput) ? ExitCodes.BadInput
                : Summary.IsSuccess(results) ? ExitCodes.Success : ExitCodes.TargetFailed;
        }
        catch (OperationCanceledException) when (invocation.Abort.IsCancellationRequested)
        {
            Log.Error("interrupted");
            return ExitCodes.Interrupted;
        }
        catch (InputException exception)
        {
            Log.Error(exception.Message);
            github.Error(exception.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception exception)
        {
            Log.Error(showStackTraces ? exception.ToString() : exception.Message);
            github.Error(exception.Message);
            return ExitCodes.TargetFailed;
        }

        void RegisterSecret(string secret)
        {
            sink.AddSecret(secret);
            github.AddMask(secret);
        }
    }

    internal static string FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            if (Directory.Exists(Path.Combine(directory.FullName, ".nuke")))
                return directory.FullName;
        throw new BuildInputException($"no .nuke directory found in {start} or any parent; run from inside the repository or pass --root");
    }
}
