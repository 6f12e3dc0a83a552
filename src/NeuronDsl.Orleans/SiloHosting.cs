using System.Net;
using Microsoft.Extensions.Hosting;

namespace NeuronDsl.Orleans;

/// <summary>Builds the silos of a sweep cluster: the coordinator (the primary silo) and the workers that join it.</summary>
internal static class SiloHosting
{
    /// <summary>
    /// A silo host listening on <paramref name="self"/>, finding the others through Redis when the membership says so,
    /// or else clustering around the primary at <paramref name="primary"/>.
    /// </summary>
    public static IHost Build(IPEndPoint self, IPEndPoint? primary, ClusterMembership membership, Action<IServiceCollection> services)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.UseOrleans(silo =>
        {
            if (membership.RedisServer is { } redis) silo.UseRedisClustering(redis.ToString());
            else silo.UseDevelopmentClustering(primary ?? throw new ArgumentNullException(nameof(primary)));
            silo.ConfigureEndpoints(self.Address, self.Port, gatewayPort: 0, listenOnAnyHostAddress: false);
            ClusterTuning.Apply(silo);
            services(silo.Services);
        });
        return builder.Build();
    }

    /// <summary>A lifetime that leaves Ctrl-C to the program: the library stops its silos itself.</summary>
    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>
    /// Stops a host, giving up after two seconds (a silo whose cluster is gone cannot leave it politely), and abandons
    /// it when it does not even end then: a silo whose Redis server is gone retries its membership writes regardless of
    /// the stop's deadline.
    /// </summary>
    public static async Task StopQuicklyAsync(IHost host)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await host.StopAsync(limit.Token).WaitAsync(AbandonAfter);
        }
        catch (Exception)
        {
            // The silo is being discarded; whatever it could not finish does not matter to the sweep.
        }
        try
        {
            var disposing = host is IAsyncDisposable disposable ? disposable.DisposeAsync().AsTask() : Task.Run(host.Dispose);
            await disposing.WaitAsync(AbandonAfter);
        }
        catch (Exception)
        {
            // Left to the process's end, as above.
        }
    }

    private static readonly TimeSpan AbandonAfter = TimeSpan.FromSeconds(3);
}
