using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Models.Datasets;
using ModelRisk.Assessment.Models.Log;
using ModelRisk.Assessment.Models.Mra;
using ModelRisk.Assessment.Models.Reviews;
using ModelRisk.Assessment.Models.Runs;
using ModelRisk.Assessment.Models.Tiering;
using ModelRisk.DecisionLog;
using ModelRisk.ServiceKit.Data;

namespace ModelRisk.Assessment.Data;

/// <summary>
/// The Assessment database. Saving chains the facts that aggregates recorded into each org's decision log, in the
/// same transaction as the change and its events. Provider subclasses exist only for their migrations sets.
/// </summary>
public abstract class AssessmentDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<ModelTiering> Tierings => Set<ModelTiering>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<MraRevision> MraRevisions => Set<MraRevision>();
    public DbSet<PublishedPolicy> Policies => Set<PublishedPolicy>();
    public DbSet<DecisionLogEntry> DecisionLog => Set<DecisionLogEntry>();
    public DbSet<DecisionLogCheckpoint> DecisionLogCheckpoints => Set<DecisionLogCheckpoint>();
    public DbSet<ValidationRun> ValidationRuns => Set<ValidationRun>();
    public DbSet<Dataset> Datasets => Set<Dataset>();

    private readonly List<LogFact> _facts = [];

    /// <summary>Records a fact that no aggregate carries (a policy publication); the next save chains it.</summary>
    public void RecordLogFact(LogFact fact) => _facts.Add(fact);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AssessmentDbContext).Assembly);
        base.OnModelCreating(modelBuilder);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        await ChainLogFactsAsync(cancellationToken);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new InvalidOperationException("Save asynchronously: saving reads each org's log head.");

    private async Task ChainLogFactsAsync(CancellationToken ct)
    {
        var facts = ChangeTracker.Entries().Select(e => e.Entity).OfType<LoggedAggregate>().SelectMany(a => a.TakeLogFacts()).Concat(_facts).ToList();
        _facts.Clear();
        if (facts.Count == 0)
        {
            return;
        }
        using var hasher = new ChainHasher();
        foreach (var org in facts.GroupBy(f => f.Org))
        {
            // Two writers that read the same head both try to insert the same (org, sequence): the key refuses the second.
            var head = (await DecisionLog.AsNoTracking().Where(e => e.Org == org.Key).OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct))?.ToLogEntry();
            foreach (var fact in org)
            {
                head = hasher.Next(head, fact.Org, fact.Kind, fact.Subject, fact.Actor, fact.OccurredAt, CanonicalJson.From(fact.Payload));
                DecisionLog.Add(DecisionLogEntry.From(head));
            }
        }
    }
}
