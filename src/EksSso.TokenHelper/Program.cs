using EksSso.TokenHelper;

return await TokenCommand.RunAsync(args, Console.Out, Console.Error);
