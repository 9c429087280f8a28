using ModelRisk.Assessment.Models.Reviews;

namespace ModelRisk.Assessment.Tests.Unit;

public sealed class SeparationOfDutiesTests
{
    private static readonly ReviewFacts Facts = new(
        ModelRegistrant: "rita.registrant", VersionAuthors: ["dev.one", "dev.two"], OwnerAtReview: "olivia.owner",
        Submitters: ["sam.submitter", "second.submitter"], Validator: "riley.analyst");

    [Theory]
    [InlineData("rita.registrant", "registered the model")]
    [InlineData("dev.two", "authored the version")]
    [InlineData("sam.submitter", "submitted the review")]
    [InlineData("second.submitter", "submitted the review")]
    [InlineData("riley.analyst", "validated the review")]
    [InlineData("olivia.owner", "owned the model")]
    public void Each_rule_refuses_its_approver(string approver, string reason) =>
        Assert.Contains(reason, SeparationOfDuties.WhyNotApprover(approver, Facts), StringComparison.Ordinal);

    [Fact]
    public void An_independent_approver_may_sign() => Assert.Null(SeparationOfDuties.WhyNotApprover("avery.approver", Facts));

    [Fact]
    public void The_owner_at_review_time_counts_not_a_later_owner()
    {
        var later = Facts with { OwnerAtReview = "olivia.owner" };

        Assert.NotNull(SeparationOfDuties.WhyNotApprover("olivia.owner", later));
        Assert.Null(SeparationOfDuties.WhyNotApprover("new.owner", later));
    }

    [Fact]
    public void Names_compare_exactly() => Assert.Null(SeparationOfDuties.WhyNotApprover("Olivia.Owner", Facts));

    [Theory]
    [InlineData("olivia.owner", "owns the model")]
    [InlineData("rita.registrant", "registered the model")]
    [InlineData("dev.one", "authored the version")]
    [InlineData("sam.submitter", "submitted the review")]
    public void A_validator_must_be_independent_of_the_model(string validator, string reason) =>
        Assert.Contains(reason, SeparationOfDuties.WhyNotValidator(validator, Facts with { Validator = null }), StringComparison.Ordinal);

    [Fact]
    public void An_independent_validator_is_accepted() => Assert.Null(SeparationOfDuties.WhyNotValidator("riley.analyst", Facts));
}
