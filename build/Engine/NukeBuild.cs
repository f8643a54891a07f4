using System.Diagnostics;
using System.Linq.Expressions;

namespace Strata.Engine;

/// <summary>
/// What build components (interfaces holding targets and parameters, as in NUKE) may use of the build.
/// A component parameter reads its value with <c>[Parameter] string? Name => TryGetValue(() =&gt; Name);</c>.
/// </summary>
public interface INukeBuild
{
    T? TryGetValue<T>(Expression<Func<T>> parameter);
}

/// <summary>Base class of a build: parameters, targets and the entry point that plans and runs them.</summary>
public abstract class NukeBuild : INukeBuild
{
    readonly Dictionary<string, object?> componentValues = new(StringComparer.Ordinal);

    public T? TryGetValue<T>(Expression<Func<T>> parameter)
    {
        var body = parameter.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : parameter.Body;
        if (body is not MemberExpression { Member: var member })
            throw new ArgumentException($"TryGetValue takes a parameter property access, got {parameter}");
        return componentValues.TryGetValue(member.Name, out var value) && value is T typed ? typed : default;
    }

    internal void SetComponentValue(string name, object? value) => componentValues[name] = value;

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
            var parameters = ParameterDescriptor.Discover(build.GetType());
            var optionNames = parameters.Select(p => Names.Normalize(p.Name)).ToHashSet();
            var commandLine = CommandLine.Parse(invocation.Args,
                name => optionNames.Contains(Names.Normalize(name)) || BuiltInParameters.IsBuiltIn(name) || name is "h" or "?");
            foreach (var secret in SecretValues.Raw(parameters, commandLine, invocation.Environment))
                RegisterSecret(secret);
            var options = BuiltInParameters.From(commandLine);
            sink.Verbosity = options.Verbosity;
            showStackTraces = options.Verbosity == Verbosity.Verbose;
            if (NativeStart.IsNative)
                Log.Verbose("native build: started");

            var root = Path.GetFullPath(options.Root ?? invocation.RootDirectory ?? FindRoot(Directory.GetCurrentDirectory()));
            currentRoot.Value = root;
            build.environment = invocation.Environment;
            build.AbortToken = invocation.Abort;
            var model = TargetModel.Discover(build);
            var defaults = defaultTargets.Select(TargetModel.TargetName).ToList();
            BuildSchema.Update(root, build.GetType(), invocation.Abort);
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

            var named = options.Targets.Count > 0 ? options.Targets : sources.FileTargets;
            var invoked = named ?? defaults;
            var skip = options.Skip != SkipRequest.None || sources.FileSkip is null ? options.Skip : new SkipRequest(false, sources.FileSkip);
            if (NativeStart.IsNative && NativeStart.NeedsManagedBuild(model, invoked) is { } managedReason)
                return NativeStart.HandOver(invocation.Args, managedReason);
            var parameterOptions = parameters.DistinctBy(p => p.Member.Name).ToDictionary(p => p.Member.Name, p => p.Option);
            var plan = Planner.Plan(model, invoked, skip, checkRequirements: !options.Plan, parameterOptions, namedOnCommandLine: named is not null);
            if (options.Plan)
            {
                sink.WriteLines(PlanPage.Text(plan));
                sink.WriteLines($"Plan written to {PlanPage.Write(plan, root, invocation.Abort)}");
                return ExitCodes.Success;
            }

            var attempt = BuildAttempt.Start(root, invocation.Args, resume: options.Continue);
            var executionOptions = new ExecutionOptions(options.Parallelism, options.KeepGoing, showStackTraces, github, invocation.Abort) { Attempt = attempt };
            var results = await new Executor(plan, executionOptions).RunAsync();
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
