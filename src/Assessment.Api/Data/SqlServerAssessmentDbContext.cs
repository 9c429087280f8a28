using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Models.Log;
using ModelRisk.Assessment.Models.Mra;
using ModelRisk.Assessment.Models.Reviews;
using ModelRisk.Assessment.Models.Tiering;
using ModelRisk.DecisionLog;
using ModelRisk.ServiceKit.Data;

namespace ModelRisk.Assessment.Data;

public sealed class SqlServerAssessmentDbContext(DbContextOptions<SqlServerAssessmentDbContext> options) : AssessmentDbContext(options);
