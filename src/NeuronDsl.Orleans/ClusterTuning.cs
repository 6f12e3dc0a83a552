using Orleans.Configuration;

namespace NeuronDsl.Orleans;

/// <summary>
/// Settings every silo of a sweep cluster shares. Orleans' defaults make a killed worker cost ~30 s (three missed
/// 5-s probes, then the vote); here a silo is probed every second and suspected after two misses, so a killed worker's
/// runs are back in the queue within a few seconds. Calls are short (lease, report), so a 15-s response timeout is
/// ample, and the runs themselves take as long as they take.
/// </summary>
internal static class ClusterTuning
{
    public const string ClusterId = "neurondsl-sweep";

    public static void Apply(ISiloBuilder silo)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = ClusterId;
            o.ServiceId = ClusterId;
        });
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.MinProbeTimeout = TimeSpan.FromMilliseconds(500);
            o.MaxProbeTimeout = TimeSpan.FromSeconds(4);
            o.NumMissedProbesLimit = 2;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
            o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
            o.MaxJoinAttemptTime = TimeSpan.FromSeconds(30);
        });
        silo.Configure<SiloMessagingOptions>(o =>
        {
            o.ResponseTimeout = TimeSpan.FromSeconds(15);
            o.SystemResponseTimeout = TimeSpan.FromSeconds(10);
        });
        silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(1));
        silo.Services.AddPlacementDirector<Protocol.OnSiloNamedByKey, Protocol.OnSiloNamedByKeyDirector>();
    }
}
