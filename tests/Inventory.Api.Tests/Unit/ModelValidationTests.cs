using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Models;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Inventory.Tests.Unit;

public sealed class ModelValidationTests
{
    private static RegisterModelRequest Valid() => new()
    {
        Org = "retail", Key = "scorecard", Name = "Credit scorecard", Owner = "alice", ModelType = ModelType.Classification,
    };

    [Fact]
    public void A_complete_registration_is_valid() => Assert.Empty(ModelValidation.ValidateRegistration(Valid()));

    [Theory]
    [InlineData("a")]
    [InlineData("retail-credit")]
    [InlineData("r2d2")]
    [InlineData("0abc9")]
    public void Slugs_are_lowercase_letters_digits_and_inner_hyphens(string slug)
    {
        Assert.True(FieldErrors.IsSlug(slug));
        Assert.Empty(ModelValidation.ValidateRegistration(Valid() with { Key = slug }));
    }

    [Theory]
    [InlineData("Retail")]
    [InlineData("-retail")]
    [InlineData("retail-")]
    [InlineData("retail_credit")]
    [InlineData("retail credit")]
    [InlineData("rétail")]
    public void A_bad_slug_is_named_by_its_field(string slug)
    {
        Assert.False(FieldErrors.IsSlug(slug));
        Assert.Contains("key", ModelValidation.ValidateRegistration(Valid() with { Key = slug }).Keys);
        Assert.Contains("org", ModelValidation.ValidateRegistration(Valid() with { Org = slug }).Keys);
    }

    [Fact]
    public void A_slug_is_at_most_64_characters()
    {
        Assert.True(FieldErrors.IsSlug(new string('a', 64)));
        Assert.False(FieldErrors.IsSlug(new string('a', 65)));
    }

    [Fact]
    public void Org_key_name_owner_and_model_type_are_required()
    {
        var errors = ModelValidation.ValidateRegistration(Valid() with { Org = null, Key = "", Name = " ", Owner = null, ModelType = null });
        Assert.Equal(["key", "modelType", "name", "org", "owner"], errors.Keys.Order());
    }

    [Fact]
    public void Text_fields_have_maximum_lengths()
    {
        Assert.Empty(ModelValidation.ValidateRegistration(Valid() with { Name = new string('n', 200), Description = new string('d', 4000) }));
        var errors = ModelValidation.ValidateRegistration(Valid() with
        {
            Name = new string('n', 201),
            Owner = new string('o', 201),
            Description = new string('d', 4001),
            DeveloperTeam = new string('t', 201),
            IntendedUse = new string('u', 4001),
        });
        Assert.Equal(["description", "developerTeam", "intendedUse", "name", "owner"], errors.Keys.Order());
    }

    [Fact]
    public void Lists_are_capped()
    {
        var tags = Enumerable.Range(0, ModelValidation.MaxListItems).Select(i => $"t{i}").ToList();
        Assert.Empty(ModelValidation.ValidateRegistration(Valid() with { Tags = tags }));

        var errors = ModelValidation.ValidateRegistration(Valid() with
        {
            Tags = [.. tags, "one-too-many"],
            Restrictions = Enumerable.Repeat("r", ModelValidation.MaxListItems + 1).ToList(),
            UpstreamDependencies = Enumerable.Repeat("dep", 101).ToList(),
            LineageUris = Enumerable.Repeat("s3://x", 101).ToList(),
        });
        Assert.Equal(["lineageUris", "restrictions", "tags", "upstreamDependencies"], errors.Keys.Order());
        Assert.Contains("50", errors["tags"][0]);
    }

    [Fact]
    public void Upstream_dependencies_and_lineage_allow_up_to_100_items()
    {
        Assert.Empty(ModelValidation.ValidateRegistration(Valid() with
        {
            UpstreamDependencies = Enumerable.Repeat("dep", 100).ToList(),
            LineageUris = Enumerable.Repeat("s3://x", 100).ToList(),
        }));
    }

    [Theory]
    [InlineData("bad tag")]
    [InlineData("-leading")]
    [InlineData("semi;colon")]
    [InlineData("")]
    public void A_bad_tag_is_named_by_its_index(string tag)
    {
        var errors = ModelValidation.ValidateRegistration(Valid() with { Tags = ["ok", tag] });
        Assert.Equal(["tags[1]"], errors.Keys);
    }

    [Theory]
    [InlineData("https://score.bank.test/v1", true)]
    [InlineData("http://score.internal:8080", true)]
    [InlineData("ftp://score.bank.test", false)]
    [InlineData("s3://bucket/model", false)]
    [InlineData("/relative/path", false)]
    [InlineData("not a url", false)]
    [InlineData("", false)]
    public void Deployment_endpoints_and_monitoring_links_take_absolute_http_urls(string url, bool valid)
    {
        var errors = ModelValidation.ValidateRegistration(Valid() with
        {
            DeploymentEndpoints = [new DeploymentEndpointInput("prod", "https://ok.test", null), new DeploymentEndpointInput("dr", url, null)],
            MonitoringLinks = [new MonitoringLinkInput("Dashboard", url)],
        });
        if (valid)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal(["deploymentEndpoints[1].url", "monitoringLinks[0].url"], errors.Keys.Order());
        }
    }

    [Fact]
    public void Lineage_takes_any_absolute_uri_but_not_a_relative_one()
    {
        Assert.Empty(ModelValidation.ValidateRegistration(Valid() with { LineageUris = ["s3://bucket/data", "https://catalog.test/ds/1"] }));
        Assert.Equal(["lineageUris[1]"], ModelValidation.ValidateRegistration(Valid() with { LineageUris = ["s3://ok", "data/train.csv"] }).Keys);
        Assert.Equal(["lineageUris[0]"], ModelValidation.ValidateRegistration(Valid() with { LineageUris = ["s3://" + new string('x', 2000)] }).Keys);
    }

    [Fact]
    public void A_deployment_endpoint_needs_an_environment_and_a_short_region()
    {
        var errors = ModelValidation.ValidateRegistration(Valid() with
        {
            DeploymentEndpoints = [new DeploymentEndpointInput(null, "https://ok.test", new string('r', 51))],
        });
        Assert.Equal(["deploymentEndpoints[0].environment", "deploymentEndpoints[0].region"], errors.Keys.Order());
    }

    [Fact]
    public void A_vendor_model_needs_the_vendor_name()
    {
        Assert.Equal(["vendorName"], ModelValidation.ValidateRegistration(Valid() with { Sourcing = Sourcing.Vendor }).Keys);
        Assert.Empty(ModelValidation.ValidateRegistration(Valid() with { Sourcing = Sourcing.Vendor, VendorName = "Acme Analytics" }));
        Assert.Empty(ModelValidation.ValidateRegistration(Valid() with { Sourcing = Sourcing.InHouse }));
    }

    [Fact]
    public void A_version_needs_a_name_and_an_absolute_artifact_uri()
    {
        Assert.Empty(ModelValidation.ValidateVersion(new AddVersionRequest("1.0.0", "s3://models/a.bin", null)));
        var errors = ModelValidation.ValidateVersion(new AddVersionRequest("", "a.bin", new string('x', 2001)));
        Assert.Equal(["artifactUri", "trainingDataReference", "version"], errors.Keys.Order());
    }

    [Fact]
    public void A_transition_needs_a_target()
    {
        Assert.Equal(["to"], ModelValidation.ValidateTransition(new LifecycleTransitionRequest(null, "why")).Keys);
        Assert.Empty(ModelValidation.ValidateTransition(new LifecycleTransitionRequest(LifecycleStatus.InDevelopment, "why")));
    }

    [Fact]
    public void Enum_values_that_name_no_member_are_refused()
    {
        var errors = ModelValidation.ValidateRegistration(Valid() with { ModelType = (ModelType)42, Sourcing = (Sourcing)7 });
        Assert.Equal(["modelType", "sourcing"], errors.Keys.Order());
        Assert.Equal(["to"], ModelValidation.ValidateTransition(new LifecycleTransitionRequest((LifecycleStatus)99, null)).Keys);
        Assert.Equal(["status", "tier"], ModelQueries.Validate(new ModelFilter(null, (RiskTier)17, (LifecycleStatus)99, null, null, null), null, null).Keys.Order());
    }

    [Fact]
    public void An_update_keeps_the_name_required()
    {
        var details = ModelDetails.Empty with { Name = "", Owner = "alice" };
        Assert.Equal(["name"], ModelValidation.ValidateDetails(details).Keys);
    }
}
