using System.Reflection;
using System.Security.Cryptography;
using EksSso.Sandbox.Model;
using EksSso.Sandbox.Policy;
using EksSso.Sandbox.State;

namespace EksSso.Sandbox.Hosting;

/// <summary>Services that seed state when a sandbox starts empty (Identity Center instance, default VPC...).</summary>
public interface ISandboxBootstrap
{
    void Bootstrap(SandboxHost host);
}

/// <summary>Services whose state moves with the clock alone (accounts appearing after CreateAccount): run before every request.</summary>
public interface ISandboxSettle
{
    void Settle(SandboxHost host);
}

/// <summary>The sandbox: state, clock, services, authoriser, request log and fault injection, behind one lock.</summary>
public sealed class SandboxHost
{
    public const string AdminUserName = "admin";

    private List<ISandboxBootstrap> _bootstraps = [];
    private List<ISandboxSettle> _settles = [];

    private SandboxHost(SandboxOptions options, SandboxState state, IReadOnlyDictionary<string, ServiceEndpoint> services, IReadOnlyDictionary<string, ManagedPolicy> managedPolicies)
    {
        Options = options;
        State = state;
        Clock = new SandboxClock(options.TimeScale);
        Services = services;
        ManagedPolicies = managedPolicies;
        Authorizer = new Authorizer(this);
    }

    public SandboxOptions Options { get; }

    public SandboxState State { get; private set; }

    public SandboxClock Clock { get; }

    /// <summary>By model name (iam, sts, eks, sso-admin...).</summary>
    public IReadOnlyDictionary<string, ServiceEndpoint> Services { get; }

    /// <summary>AWS managed policies by ARN.</summary>
    public IReadOnlyDictionary<string, ManagedPolicy> ManagedPolicies { get; }

    public Authorizer Authorizer { get; }

    public RequestLog Log { get; } = new();

    public FaultInjector Faults { get; } = new();

    /// <summary>Extra control actions services offer under /_sandbox/ (e.g. approve-authorization), by name.</summary>
    public Dictionary<string, Func<System.Text.Json.Nodes.JsonObject, System.Text.Json.Nodes.JsonObject>> ControlActions { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The clusters' Kubernetes API servers, which EKS asks for a serving cluster's endpoint and CA. Set while a
    /// <see cref="SandboxServer"/> runs; null for a host whose handlers are called in process (placeholders then).
    /// </summary>
    public Kubernetes.KubernetesApi? KubernetesApi { get; internal set; }

    /// <summary>One request at a time touches the state; the sandbox is for rehearsal, not load.</summary>
    public object Gate { get; } = new();

    /// <summary>The bootstrapped administrator's long-term key of the management account.</summary>
    public AccessKeyState AdminKey => State.AccessKeys.Values.First(k => k.Kind == PrincipalKind.User && k.PrincipalName == AdminUserName && k.AccountId == State.ManagementAccountId);

    public static SandboxHost Create(SandboxOptions options)
    {
        var assembly = typeof(SandboxHost).Assembly;
        var services = new Dictionary<string, ServiceEndpoint>(StringComparer.Ordinal);
        foreach (var name in new[] { "organizations", "sso-admin", "identitystore", "iam", "sts", "eks", "sso", "sso-oidc", "ec2" })
        {
            using var stream = assembly.GetManifestResourceStream($"EksSso.Sandbox.Models.{name}.json")
                ?? throw new InvalidOperationException($"The sandbox was built without its {name} model.");
            services[name] = new ServiceEndpoint(name, ServiceModel.Load(stream));
        }

        var host = new SandboxHost(options, new SandboxState(), services, Policy.ManagedPolicies.LoadEmbedded(assembly));
        var implementations = assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISandboxService).IsAssignableFrom(t))
            .Select(t => (ISandboxService)Activator.CreateInstance(t)!)
            .ToList();
        foreach (var service in implementations)
        {
            service.Register(host, services[service.ModelName].Handlers);
        }

        host._bootstraps = [.. implementations.OfType<ISandboxBootstrap>()];
        host._settles = [.. implementations.OfType<ISandboxSettle>()];

        var loaded = options.StateDirectory is not null ? StateStore.Load(options.StateDirectory) : null;
        if (loaded is not null)
        {
            host.State = loaded;
        }
        else
        {
            host.Bootstrap();
        }

        return host;
    }

    /// <summary>Applies what the clock alone has completed since the last request; called under <see cref="Gate"/>.</summary>
    public void Settle()
    {
        foreach (var settle in _settles)
        {
            settle.Settle(this);
        }
    }

    public void Save()
    {
        if (Options.StateDirectory is not null)
        {
            StateStore.Save(Options.StateDirectory, State);
        }
    }

    /// <summary>Resets to a fresh bootstrap (control path).</summary>
    public void Reset()
    {
        State = new SandboxState();
        Bootstrap();
        Log.Clear();
        Save();
    }

    private void Bootstrap()
    {
        State.HomeRegion = Options.HomeRegion;
        var account = CreateAccount("Management", "root@sandbox.example.com");
        State.ManagementAccountId = account.Id;
        var admin = CreateUser(account, AdminUserName);
        admin.AttachedPolicyArns.Add(Policy.ManagedPolicies.AdministratorAccessArn);
        IssueUserKey(account.Id, admin.Name);
        foreach (var bootstrap in _bootstraps)
        {
            bootstrap.Bootstrap(this);
        }
    }

    public AccountState CreateAccount(string name, string email)
    {
        string id;
        do
        {
            id = RandomDigits(12);
        }
        while (State.Accounts.ContainsKey(id) || id[0] == '0');

        var account = new AccountState { Id = id, Name = name, Email = email };
        State.Accounts[id] = account;
        return account;
    }

    public IamUser CreateUser(AccountState account, string name, string path = "/")
    {
        var user = new IamUser
        {
            Name = name,
            Path = path,
            Arn = $"arn:{State.Partition}:iam::{account.Id}:user{path}{name}",
            UserId = "AIDA" + RandomAlphanumeric(17),
            CreateDate = Clock.Now,
        };
        account.Iam.Users[name] = user;
        return user;
    }

    public IamRole CreateRole(AccountState account, string name, string path, string trustPolicy, string? description = null, int maxSessionDuration = 3600)
    {
        var role = new IamRole
        {
            Name = name,
            Path = path,
            Arn = $"arn:{State.Partition}:iam::{account.Id}:role{path}{name}",
            RoleId = "AROA" + RandomAlphanumeric(17),
            CreateDate = Clock.Now,
            AssumeRolePolicyDocument = trustPolicy,
            Description = description,
            MaxSessionDuration = maxSessionDuration,
        };
        account.Iam.Roles[name] = role;
        return role;
    }

    public AccessKeyState IssueUserKey(string accountId, string userName)
    {
        var key = new AccessKeyState
        {
            AccessKeyId = "AKIA" + RandomAlphanumeric(16),
            SecretAccessKey = RandomSecret(40),
            Kind = PrincipalKind.User,
            AccountId = accountId,
            PrincipalName = userName,
        };
        State.AccessKeys[key.AccessKeyId] = key;
        return key;
    }

    /// <summary>Temporary credentials for a session of <paramref name="role"/>.</summary>
    public AccessKeyState IssueRoleSession(IamRole role, string accountId, string sessionName, TimeSpan duration, bool isRoleChain)
    {
        duration = Options.SessionDurationOverride ?? duration;
        var key = new AccessKeyState
        {
            AccessKeyId = "ASIA" + RandomAlphanumeric(16),
            SecretAccessKey = RandomSecret(40),
            SessionToken = "IQoJb3JpZ2luX2Vj" + RandomSecret(180),
            Expiration = Clock.Now + duration,
            Kind = PrincipalKind.AssumedRole,
            AccountId = accountId,
            PrincipalName = role.Name,
            SessionName = sessionName,
            IsRoleChain = isRoleChain,
        };
        State.AccessKeys[key.AccessKeyId] = key;

        // Expired session keys would otherwise pile up in a long rehearsal's saved state.
        foreach (var stale in State.AccessKeys.Values.Where(k => k.Expiration is { } e && e < Clock.Now - TimeSpan.FromHours(1)).Select(k => k.AccessKeyId).ToList())
        {
            State.AccessKeys.Remove(stale);
        }

        return key;
    }

    /// <summary>The document of a managed policy an account can attach: AWS managed, or customer managed in that account.</summary>
    public string? ManagedPolicyDocument(string arn)
    {
        if (ManagedPolicies.TryGetValue(arn, out var aws))
        {
            return aws.DocumentJson;
        }

        var accountId = arn.Split(':') is { Length: 6 } parts ? parts[4] : "";
        if (State.Accounts.TryGetValue(accountId, out var account) && account.Iam.Policies.TryGetValue(arn, out var policy))
        {
            return policy.Versions.FirstOrDefault(v => v.VersionId == policy.DefaultVersionId)?.Document;
        }

        return null;
    }

    public long NextSequence() => ++State.Sequence;

    public static string RandomDigits(int length) =>
        string.Create(length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
            }
        });

    public static string RandomAlphanumeric(int length, string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") =>
        string.Create(length, alphabet, (span, a) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = a[RandomNumberGenerator.GetInt32(a.Length)];
            }
        });

    public static string RandomHex(int length) => RandomAlphanumeric(length, "0123456789abcdef");

    public static string RandomSecret(int length) =>
        RandomAlphanumeric(length, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
}
