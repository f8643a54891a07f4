using Strata.Engine;
using Strata.Images;
using Strata.Matrix;

partial class Build
{
    Target BuildBase => _ => _
        .Description("Build one tier-1+2 base image: --lang L --accel A [--ubuntu U] [--cuda X.Y] [--base-image IMG]")
        .DependsOn(ConnectDocker)
        .Requires(() => Lang)
        .Requires(() => Accel)
        .Requires(() => BaseRepo)
        .Expands(() => [BaseTarget(RequestedBase)]);

    BaseFlavour RequestedBase => AsInputError(() => BaseSelection.Resolve(Plan.Bases, new BaseQuery(Lang!, Accel!.BuildType)
    {
        UbuntuVersion = Ubuntu,
        CudaVersion = Cuda,
        BaseImage = BaseImage,
        Platform = Platform,
        SkipDrivers = SkipDrivers ? "true" : null,
        DefaultCudaVersion = DefaultCuda,
        DefaultBaseImage = UpstreamImageFor(Accel),
    }));

    SubTarget BaseTarget(BaseFlavour flavour) => new($"{nameof(BuildBase)}[{flavour.TagStem}]", async context =>
    {
        var result = await Docker.Bases.RunAsync(ImageSpecs.ForBase(flavour, ImageSettings), context.CancellationToken);
        context.Note = ImageSpecs.Describe(result.Outcome);
    });

    string? UpstreamImageFor(Accelerator accelerator) => UpstreamImages
        .Select(pair => pair.Split('=', 2))
        .Where(pair => pair.Length == 2 && Enumeration.Parse<Accelerator>(pair[0]).Equals(accelerator))
        .Select(pair => pair[1])
        .FirstOrDefault();
}
