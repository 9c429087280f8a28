using MassTransit;

namespace ModelRisk.Messaging.Outbox;

/// <summary>
/// Whether the broker is reachable as the bus sees it. The dispatcher uses it to tell an outage (wait, never park) from a
/// broker that refuses one message (park it after a few tries), and to retry at once when an outage ends.
/// </summary>
public sealed class BrokerReachability(Func<bool> isReachable)
{
    /// <summary>Reachable unless the bus reports itself unhealthy (its connection to the broker is down).</summary>
    public static BrokerReachability Of(IBus bus) =>
        new(() => bus is not IBusControl control || control.CheckHealth().Status != BusHealthStatus.Unhealthy);

    public bool IsReachable() => isReachable();
}
