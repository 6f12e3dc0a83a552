using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace NeuronDsl.Orleans.Protocol;

/// <summary>
/// Places a grain on the silo its key names: the key is a silo address (<c>SiloAddress.ToParsableString</c>),
/// optionally followed by '/' and more. Orleans' default placement put 13 of 16 worker grains on one silo; naming the
/// silo puts exactly one worker grain on each worker and every sweep grain on the coordinator.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
internal sealed class OnSiloNamedByKey : PlacementStrategy
{
    internal static readonly OnSiloNamedByKey Instance = new();

    /// <summary>The silo address at the start of a grain key.</summary>
    public static SiloAddress SiloOf(string key)
    {
        var slash = key.IndexOf('/');
        return SiloAddress.FromParsableString(slash < 0 ? key : key[..slash]);
    }
}

/// <summary>Marks a grain class for <see cref="OnSiloNamedByKey"/> placement.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class OnSiloNamedByKeyAttribute() : PlacementAttribute(OnSiloNamedByKey.Instance);

/// <summary>Chooses the silo named by the grain's key, or fails the call when that silo is not in the cluster.</summary>
internal sealed class OnSiloNamedByKeyDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        var wanted = OnSiloNamedByKey.SiloOf(key);
        if (context.GetCompatibleSilos(target).Contains(wanted)) return Task.FromResult(wanted);
        throw new SiloUnavailableException($"silo {wanted} named by grain key {key} is not an active member of the cluster");
    }
}
