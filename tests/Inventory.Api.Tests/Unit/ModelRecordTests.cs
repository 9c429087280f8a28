using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.Inventory.Models;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Inventory.Tests.Unit;

public sealed class ModelRecordTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private static ModelDetails Details(string name = "Credit scorecard", string[]? tags = null) =>
        ModelDetails.Empty with { Name = name, Owner = "alice", ModelType = ModelType.Classification, Tags = tags ?? ["retail"] };

    private static ModelRecord NewModel() => ModelRecord.Register("m1", Details(), "retail", "scorecard", "alice", T0);

    [Fact]
    public void A_registered_model_is_proposed_unassigned_at_revision_one()
    {
        var model = NewModel();
        Assert.Equal(LifecycleStatus.Proposed, model.LifecycleStatus);
        Assert.Equal(RiskTier.Unassigned, model.RiskTier);
        Assert.Equal(1, model.Revision);
        Assert.Equal("alice", model.CreatedBy);
    }

    [Fact]
    public void Update_reports_the_changed_fields_and_bumps_the_revision()
    {
        var model = NewModel();
        var changed = model.Update(Details() with { Name = "Credit scorecard v2", Description = "Retail PD", Tags = ["retail", "pd"] }, "bob", T0.AddHours(1));

        Assert.Equal(["name", "description", "tags"], changed);
        Assert.Equal(2, model.Revision);
        Assert.Equal("bob", model.UpdatedBy);
        Assert.Equal(T0.AddHours(1), model.UpdatedAt);
        Assert.Equal("Credit scorecard v2", model.Name);
    }

    [Fact]
    public void Update_without_a_change_keeps_the_revision_and_the_audit_fields()
    {
        var model = NewModel();
        // Tags differ only in case and duplicates, which the model normalises away.
        var changed = model.Update(Details(tags: ["RETAIL", "retail"]), "bob", T0.AddHours(1));

        Assert.Empty(changed);
        Assert.Equal(1, model.Revision);
        Assert.Equal("alice", model.UpdatedBy);
        Assert.Equal(T0, model.UpdatedAt);
    }

    [Fact]
    public void Update_of_list_fields_names_each_list()
    {
        var model = NewModel();
        var changed = model.Update(Details() with
        {
            DeploymentEndpoints = [new DeploymentEndpoint("prod", "https://score.bank.test", "eu")],
            MonitoringLinks = [new MonitoringLink("Grafana", "https://grafana.bank.test/d/1")],
            LineageUris = ["s3://lineage/1"],
        }, "bob", T0);
        Assert.Equal(["lineageUris", "deploymentEndpoints", "monitoringLinks"], changed);
    }

    [Fact]
    public void A_vendor_name_is_dropped_for_in_house_models()
    {
        var model = ModelRecord.Register("m2", Details() with { VendorName = "Acme" }, "retail", "k", "alice", T0);
        Assert.Null(model.VendorName);
        Assert.Empty(model.Update(Details() with { VendorName = "Other" }, "bob", T0));

        var changed = model.Update(Details() with { Sourcing = Sourcing.Vendor, VendorName = "Acme" }, "bob", T0);
        Assert.Equal(["sourcing", "vendorName"], changed);
        Assert.Equal("Acme", model.VendorName);
    }

    [Fact]
    public void Entering_validation_needs_a_version()
    {
        var model = NewModel();
        Assert.Null(model.MoveTo(LifecycleStatus.InDevelopment, null, "alice", T0));
        var refusal = model.MoveTo(LifecycleStatus.InValidation, null, "alice", T0);
        Assert.NotNull(refusal);
        Assert.Contains("version", refusal.Message);
        Assert.Equal(LifecycleStatus.InDevelopment, model.LifecycleStatus);

        Assert.Null(model.AddVersion("v1", "1.0.0", "s3://a", null, "alice", T0).Refusal);
        Assert.Null(model.MoveTo(LifecycleStatus.InValidation, null, "alice", T0));
        Assert.Equal(LifecycleStatus.InValidation, model.LifecycleStatus);
    }

    [Fact]
    public void Approval_and_production_need_an_assigned_risk_tier()
    {
        var model = NewModel();
        model.MoveTo(LifecycleStatus.InDevelopment, null, "alice", T0);
        model.AddVersion("v1", "1.0.0", "s3://a", null, "alice", T0);
        model.MoveTo(LifecycleStatus.InValidation, null, "alice", T0);
        var revision = model.Revision;

        var refusal = model.Approve("v1", "r1", "Approve", "approver", T0);
        Assert.NotNull(refusal);
        Assert.Contains("risk tier", refusal.Message);
        Assert.Equal(LifecycleStatus.InValidation, model.LifecycleStatus);
        Assert.Equal(revision, model.Revision);

        Assert.Null(model.AssignRiskTier(RiskTier.High, "Large exposure", "analyst", T0));
        Assert.Null(model.Approve("v1", "r1", "Approve", "approver", T0));
        Assert.Null(model.MoveTo(LifecycleStatus.InProduction, null, "alice", T0));
        Assert.Equal(LifecycleStatus.InProduction, model.LifecycleStatus);
    }

    [Fact]
    public void An_illegal_move_changes_nothing_and_names_the_allowed_states()
    {
        var model = NewModel();
        var refusal = model.MoveTo(LifecycleStatus.InProduction, null, "alice", T0);
        Assert.NotNull(refusal);
        Assert.Contains("InDevelopment", refusal.Message);
        Assert.Equal(LifecycleStatus.Proposed, model.LifecycleStatus);
        Assert.Equal(1, model.Revision);
    }

    [Fact]
    public void A_retired_model_takes_no_version_and_no_risk_tier()
    {
        var model = NewModel();
        Assert.Null(model.MoveTo(LifecycleStatus.Retired, null, "alice", T0));
        Assert.NotNull(model.AddVersion("v1", "1.0.0", "s3://a", null, "alice", T0).Refusal);
        Assert.NotNull(model.AssignRiskTier(RiskTier.Low, "x", "analyst", T0));
        Assert.NotNull(model.MoveTo(LifecycleStatus.InDevelopment, null, "alice", T0));
        Assert.Empty(model.Versions);
    }

    [Fact]
    public void A_duplicate_version_is_refused()
    {
        var model = NewModel();
        Assert.NotNull(model.AddVersion("v1", "1.0.0", "s3://a", null, "alice", T0).Version);
        var (version, refusal) = model.AddVersion("v2", "1.0.0", "s3://b", null, "alice", T0);
        Assert.Null(version);
        Assert.Contains("1.0.0", refusal!.Message);
        Assert.Single(model.Versions);
    }

    [Theory]
    [InlineData(LifecycleStatus.Approved)]
    [InlineData(LifecycleStatus.InProduction)]
    public void An_approved_or_live_model_cannot_lose_its_risk_tier(LifecycleStatus status)
    {
        var model = NewModel();
        model.MoveTo(LifecycleStatus.InDevelopment, null, "alice", T0);
        model.AddVersion("v1", "1.0.0", "s3://a", null, "alice", T0);
        model.MoveTo(LifecycleStatus.InValidation, null, "alice", T0);
        model.AssignRiskTier(RiskTier.Medium, "Moderate", "analyst", T0);
        model.Approve("v1", "r1", "Approve", "approver", T0);
        if (status == LifecycleStatus.InProduction)
        {
            model.MoveTo(LifecycleStatus.InProduction, null, "alice", T0);
        }
        Assert.Equal(status, model.LifecycleStatus);

        var refusal = model.AssignRiskTier(RiskTier.Unassigned, "Re-assess", "analyst", T0);
        Assert.NotNull(refusal);
        Assert.Equal(RiskTier.Medium, model.RiskTier);

        // Re-tiering to another tier is fine, and so is unassigning once the model is back in validation.
        Assert.Null(model.AssignRiskTier(RiskTier.High, "Exposure grew", "analyst", T0));
        Assert.Null(model.MoveTo(LifecycleStatus.InValidation, null, "alice", T0));
        Assert.Null(model.AssignRiskTier(RiskTier.Unassigned, "Re-assess", "analyst", T0));
    }

    [Fact]
    public void Assigning_a_risk_tier_records_who_why_and_when()
    {
        var model = NewModel();
        Assert.Null(model.AssignRiskTier(RiskTier.Critical, "Systemic", "analyst", T0.AddDays(1)));
        Assert.Equal(RiskTier.Critical, model.RiskTier);
        Assert.Equal("Systemic", model.RiskTierRationale);
        Assert.Equal("analyst", model.RiskTierSetBy);
        Assert.Equal(T0.AddDays(1), model.RiskTierSetAt);
        Assert.Equal(2, model.Revision);
    }

    private static ModelRecord InValidation(string version = "v1")
    {
        var model = NewModel();
        model.MoveTo(LifecycleStatus.InDevelopment, null, "alice", T0);
        model.AddVersion(version, "1.0.0", "s3://a", null, "alice", T0);
        model.MoveTo(LifecycleStatus.InValidation, null, "alice", T0);
        model.AssignRiskTier(RiskTier.High, "Exposure", "analyst", T0);
        return model;
    }

    private static ModelRecord Approved()
    {
        var model = InValidation();
        Assert.Null(model.Approve("v1", "r1", "Approve", "approver", T0));
        return model;
    }

    private static List<object> Events(ModelRecord model) => model.PendingEvents.ToList();

    [Fact]
    public void Every_change_raises_its_own_event()
    {
        var model = NewModel();
        model.Update(Details() with { Name = "Renamed" }, "bob", T0);
        model.MoveTo(LifecycleStatus.InDevelopment, "Build", "bob", T0);
        model.AddVersion("v1", "1.0.0", "s3://a", null, "bob", T0);
        model.AssignRiskTier(RiskTier.Low, "Small", "analyst", T0);

        Assert.Equal([typeof(ModelRegistered), typeof(ModelUpdated), typeof(ModelLifecycleChanged), typeof(ModelVersionAdded), typeof(RiskTierChanged)],
            Events(model).Select(e => e.GetType()));
        Assert.Equal(("Proposed", "InDevelopment", "Build"), Events(model).OfType<ModelLifecycleChanged>().Select(e => (e.From, e.To, e.Reason)).Single());
    }

    [Fact]
    public void A_refused_change_raises_nothing()
    {
        var model = NewModel();
        var before = Events(model).Count;
        Assert.NotNull(model.MoveTo(LifecycleStatus.InProduction, null, "alice", T0));
        Assert.NotNull(model.MoveTo(LifecycleStatus.Approved, null, "alice", T0));
        Assert.Empty(model.Update(Details(), "alice", T0));
        Assert.Equal(before, Events(model).Count);
    }

    [Fact]
    public void Approval_is_never_a_move_by_hand()
    {
        var model = InValidation();
        var refusal = model.MoveTo(LifecycleStatus.Approved, null, "approver", T0);
        Assert.NotNull(refusal);
        Assert.Contains(ModelRecord.ReviewsPath, refusal.Message);
        Assert.Equal(LifecycleStatus.InValidation, model.LifecycleStatus);
    }

    [Fact]
    public void A_review_approves_the_latest_version_and_the_model_records_it()
    {
        var model = Approved();
        Assert.Equal(LifecycleStatus.Approved, model.LifecycleStatus);
        Assert.Equal(("v1", "r1"), (model.ApprovedVersionId, model.ApprovedByReviewId));
        var approved = Events(model).OfType<ModelLifecycleChanged>().Last();
        Assert.Equal(("InValidation", "Approved", "approver"), (approved.From, approved.To, approved.Actor));
        Assert.Contains("r1", approved.Reason);
    }

    [Fact]
    public void An_approval_of_a_superseded_or_unknown_version_is_refused()
    {
        var model = InValidation();
        model.AddVersion("v2", "2.0.0", "s3://b", null, "alice", T0.AddMinutes(1));

        Assert.Contains("2.0.0", model.Approve("v1", "r1", "Approve", "approver", T0)!.Message);
        Assert.Equal(RefusalKind.NotFound, model.Approve("v9", "r1", "Approve", "approver", T0)!.Kind);
        Assert.Equal(LifecycleStatus.InValidation, model.LifecycleStatus);
        Assert.Null(model.ApprovedVersionId);
    }

    [Fact]
    public void A_rejection_sends_a_model_in_validation_back_to_development_and_is_refused_otherwise()
    {
        var model = InValidation();
        Assert.Null(model.Reject("r1", "Backtest fails", "approver", T0));
        Assert.Equal(LifecycleStatus.InDevelopment, model.LifecycleStatus);
        Assert.Contains("Backtest fails", Events(model).OfType<ModelLifecycleChanged>().Last().Reason);

        var approved = Approved();
        Assert.NotNull(approved.Reject("r2", "Late objection", "approver", T0));
        Assert.Equal(LifecycleStatus.Approved, approved.LifecycleStatus);
    }

    public static TheoryData<string> MaterialChanges() => ["version", "modelType", "intendedUse"];

    [Theory]
    [MemberData(nameof(MaterialChanges))]
    public void A_material_change_sends_an_approved_or_live_model_back_to_validation(string change)
    {
        foreach (var live in new[] { false, true })
        {
            var model = Approved();
            if (live)
            {
                Assert.Null(model.MoveTo(LifecycleStatus.InProduction, null, "alice", T0));
            }
            var from = model.LifecycleStatus;
            if (change == "version")
            {
                Assert.Null(model.AddVersion("v2", "2.0.0", "s3://b", null, "alice", T0).Refusal);
            }
            else
            {
                var details = change == "modelType" ? model.Details with { ModelType = ModelType.Regression } : model.Details with { IntendedUse = "Also small business lending" };
                Assert.Equal([change], model.Update(details, "alice", T0));
            }

            Assert.Equal(LifecycleStatus.InValidation, model.LifecycleStatus);
            Assert.Null(model.ApprovedVersionId);
            var back = Events(model).OfType<ModelLifecycleChanged>().Last();
            Assert.Equal((from.ToString(), "InValidation"), (back.From, back.To));
            Assert.False(string.IsNullOrWhiteSpace(back.Reason));
        }
    }

    [Fact]
    public void A_change_that_is_not_material_keeps_the_approval()
    {
        var model = Approved();
        Assert.Equal(["name", "description"], model.Update(model.Details with { Name = "Renamed", Description = "Clearer" }, "alice", T0));
        Assert.Equal(LifecycleStatus.Approved, model.LifecycleStatus);
        Assert.Equal("v1", model.ApprovedVersionId);
    }
}
