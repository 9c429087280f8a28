using ModelRisk.Cli;

return MrpCommand.Run(args, Console.Out, Console.Error);
