using System.Runtime.Intrinsics;

namespace ModelRisk.Validation.Engine.Statistics;

/// <summary>
/// Poisson(1) draws in blocks, eight at a time in SIMD lanes: a vector xorshift128+ generator gives 32-bit
/// uniforms and each draw counts the CDF steps below its uniform (steps placed to within 2^-32; values are
/// capped at 12, whose tail probability is under 1e-9). Seeded per resample, so results do not depend on
/// threading. Used by the bootstrap's hot loop, where one draw per row is most of the work.
/// </summary>
internal struct UnitPoissonBlock
{
    private const int Steps = 12;
    private static readonly int[] SignedSteps = BuildSignedSteps();

    private Vector256<ulong> state0;
    private Vector256<ulong> state1;

    public UnitPoissonBlock(int seed, int stream)
    {
        var seeder = new PoissonSampler(seed, stream ^ 0x5bd1e995);
        state0 = Vector256.Create(seeder.NextUInt64(), seeder.NextUInt64(), seeder.NextUInt64(), seeder.NextUInt64());
        state1 = Vector256.Create(seeder.NextUInt64(), seeder.NextUInt64(), seeder.NextUInt64(), seeder.NextUInt64());
    }

    /// <summary>Fills <paramref name="draws"/>, whose length must be a multiple of 8.</summary>
    public void Fill(Span<int> draws)
    {
        var signFlip = Vector256.Create(int.MinValue);
        var steps = SignedSteps;
        for (var i = 0; i + 8 <= draws.Length; i += 8)
        {
            // xorshift128+ in each 64-bit lane.
            var s1 = state0;
            var s0 = state1;
            var result = s0 + s1;
            state0 = s0;
            s1 ^= Vector256.ShiftLeft(s1, 23);
            state1 = s1 ^ s0 ^ Vector256.ShiftRightLogical(s1, 17) ^ Vector256.ShiftRightLogical(s0, 26);

            // Unsigned comparison through the sign-flip trick: a lane gains one per CDF step it clears.
            var u = result.AsInt32() ^ signFlip;
            var k = Vector256.Create(Steps);
            for (var j = 0; j < Steps; j++)
            {
                k += Vector256.GreaterThan(Vector256.Create(steps[j]), u);
            }

            k.CopyTo(draws[i..]);
        }
    }

    private static int[] BuildSignedSteps()
    {
        var steps = new int[Steps];
        var term = Math.Exp(-1);
        var cdf = 0.0;
        for (var k = 0; k < Steps; k++)
        {
            cdf += term;
            term /= k + 1;
            steps[k] = (int)((uint)Math.Min(cdf * 4294967296.0, uint.MaxValue) ^ 0x8000_0000u);
        }

        return steps;
    }
}
