using System.Reflection;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace ModelRisk.Messaging;

/// <summary>
/// A queue that the publishers of its messages declare as well as its consumers. An event published to an exchange with
/// no queue bound yet is dropped by RabbitMQ; for events that only happens before a subscriber's first start, but a job
/// queue's consumers may not exist yet when the first job is published (a fresh broker in local mode, workers scaled to
/// zero). Declaring the queue and its bindings from the publishing side makes the job wait in the queue instead.
/// The declaration is the consumers' own (durable, not auto-deleted, quorum when <see cref="MessagingOptions.QuorumQueues"/>),
/// so whichever side declares first, the other's declaration matches it.
/// </summary>
public sealed record WorkQueueDeclaration(string Queue, IReadOnlyList<Type> MessageTypes)
{
    static readonly MethodInfo BindMethod = typeof(WorkQueueDeclaration).GetMethod(nameof(Bind), BindingFlags.NonPublic | BindingFlags.Static)!;

    internal void Apply(IRabbitMqBusFactoryConfigurator bus, MessagingOptions options)
    {
        foreach (var type in MessageTypes)
        {
            BindMethod.MakeGenericMethod(type).Invoke(null, [bus, Queue, options]);
        }
    }

    static void Bind<TMessage>(IRabbitMqBusFactoryConfigurator bus, string queue, MessagingOptions options) where TMessage : class =>
        // Bound to the message's own exchange: MassTransit declares the named exchange and the queue but does not bind the
        // message's exchange to another one. RabbitMQ puts a message in a queue once however many routes lead there, so
        // this route and the workers' (message exchange → endpoint exchange → queue) never deliver a job twice.
        bus.Publish<TMessage>(topology => topology.BindQueue(topology.Exchange.ExchangeName, queue, binding => ConfigureQueue(binding, options)));

    /// <summary>The queue's settings, the same for the consumers' receive endpoint and the publishers' declaration.</summary>
    public static void ConfigureQueue(IRabbitMqQueueConfigurator queue, MessagingOptions options)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(options);
        queue.Durable = true;
        queue.AutoDelete = false;
        if (options.QuorumQueues)
        {
            queue.SetQuorumQueue();
        }
    }
}

public static class WorkQueueRegistration
{
    /// <summary>
    /// This service publishes <paramref name="messageTypes"/> to the work queue <paramref name="queue"/>: the bus declares
    /// the queue and binds the messages' exchanges to it when it first publishes each type.
    /// </summary>
    public static IBusRegistrationConfigurator PublishesTo(this IBusRegistrationConfigurator bus, string queue, IReadOnlyList<Type> messageTypes)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        ArgumentNullException.ThrowIfNull(messageTypes);
        bus.AddSingleton(new WorkQueueDeclaration(queue, messageTypes));
        return bus;
    }
}
