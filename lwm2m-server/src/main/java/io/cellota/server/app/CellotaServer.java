package io.cellota.server.app;

import io.cellota.firmware.object5.FirmwareUpdateStatus;
import io.cellota.firmware.object5.UpdateResult;
import io.cellota.firmware.object5.UpdateState;
import io.cellota.firmware.signing.KeyFormatException;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.firmware.signing.TrustedKey;
import io.cellota.firmware.storage.AtomicFile;
import io.cellota.server.auth.Accounts;
import io.cellota.server.auth.ApiTokens;
import io.cellota.server.auth.FirstAdmin;
import io.cellota.server.auth.JdbcApiTokenStore;
import io.cellota.server.auth.JdbcUserStore;
import io.cellota.server.auth.PasswordHasher;
import io.cellota.server.auth.Sessions;
import io.cellota.server.auth.SignInThrottle;
import io.cellota.server.campaign.CampaignEngine;
import io.cellota.server.campaign.jdbc.JdbcCampaignStore;
import io.cellota.server.config.ServerConfig;
import io.cellota.server.console.ConsoleRoutes;
import io.cellota.server.devices.DeviceRegistry;
import io.cellota.server.devices.JdbcDeviceSnapshots;
import io.cellota.server.devices.JdbcCredentialRepository;
import io.cellota.server.devices.JdbcDeviceTags;
import io.cellota.server.events.EventBus;
import io.cellota.server.fileserver.CachedDeviceIdentities;
import io.cellota.server.fileserver.DownloadTokens;
import io.cellota.server.fileserver.FileServerConfig;
import io.cellota.server.fileserver.FirmwareCoapResource;
import io.cellota.server.fileserver.FirmwareDelivery;
import io.cellota.server.fileserver.FirmwareHttpRoutes;
import io.cellota.server.fileserver.IdentityOrTokenAccess;
import io.cellota.server.fileserver.MemoryDownloadGrants;
import io.cellota.server.fileserver.MicrometerDeliveryMetrics;
import io.cellota.server.fileserver.OpenFileCache;
import io.cellota.server.fileserver.PackageUris;
import io.cellota.server.lwm2m.DeviceEvents;
import io.cellota.server.lwm2m.DeviceTracker;
import io.cellota.server.lwm2m.LeshanDeviceGateway;
import io.cellota.server.lwm2m.LeshanDeviceOperations;
import io.cellota.server.lwm2m.Lwm2mServer;
import io.cellota.server.lwm2m.Object5Commands;
import io.cellota.server.lwm2m.SeparateFileServer;
import io.cellota.server.lwm2m.ServerCoapSettings;
import io.cellota.server.metrics.DeviceMetrics;
import io.cellota.server.metrics.MetricsRoutes;
import io.cellota.server.metrics.RuntimeMetrics;
import io.cellota.server.metrics.UpdateMetrics;
import io.cellota.server.operations.HeldOperations;
import io.cellota.server.operations.JdbcHeldOperations;
import io.cellota.server.queue.JdbcRequestQueue;
import io.cellota.server.repository.FileContentStore;
import io.cellota.server.repository.FirmwareRepository;
import io.cellota.server.repository.RepositoryConfig;
import io.cellota.server.rest.AccessGuard;
import io.cellota.server.rest.CampaignRoutes;
import io.cellota.server.rest.DeviceOperationRoutes;
import io.cellota.server.rest.DeviceRoutes;
import io.cellota.server.rest.DeviceTagRoutes;
import io.cellota.server.rest.EventRoutes;
import io.cellota.server.rest.FirmwareRoutes;
import io.cellota.server.rest.HeldOperationRoutes;
import io.cellota.server.rest.RestServer;
import io.cellota.server.rest.SessionRoutes;
import io.cellota.server.rest.TokenRoutes;
import io.cellota.server.rest.UpdateRoutes;
import io.cellota.server.rest.UserRoutes;
import io.cellota.server.rest.WebhookRoutes;
import io.cellota.server.store.Database;
import io.cellota.server.store.DatabaseConfig;
import io.cellota.server.update.DeliveryPolicy;
import io.cellota.server.update.UpdateEngine;
import io.cellota.server.update.jdbc.JdbcUpdateStore;
import io.cellota.server.webhooks.WebhookService;
import io.cellota.server.webhooks.WebhookStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole server, built from a {@link ServerConfig}: the database (embedded H2 in the data directory unless
 * a URL is configured), the firmware repository, the LwM2M server with the firmware resource on its endpoints,
 * the update engine with its durable request queue, the campaign engine over it (ticked with it, fed its transitions
 * and the devices' registrations, recovered after it), and the HTTP server with the API, HTTP downloads and the
 * Prometheus metrics ({@code GET /metrics}, docs/metrics.md), and the web console at {@code /} with its users,
 * sessions and API tokens (docs/console.md). Secrets the configuration leaves out (the API token, the download token
 * key, the first admin's password) are generated once and kept in the data directory, readable by the owner only.
 */
public final class CellotaServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CellotaServer.class);

    private final List<AutoCloseable> resources;
    private final Lwm2mServer lwm2m;
    private final RestServer rest;
    private final String apiToken;
    private final boolean tokenGenerated;
    private final FirstAdmin.Result firstAdmin;
    private final UpdateEngine engine;
    private final CampaignEngine campaigns;
    private final Lwm2mServer.Identity identity;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private CellotaServer(ServerConfig config, Clock clock, List<AutoCloseable> resources)
            throws IOException, KeyFormatException {
        this.resources = resources;
        Files.createDirectories(config.dataDir());
        resources.add(meters::close);
        open(RuntimeMetrics.bindTo(meters));
        Secret token = config.apiToken().map(t -> new Secret(t, Optional.empty()))
                .orElse(secret(config.dataDir().resolve("api-token"), 24));
        this.apiToken = token.value();
        this.tokenGenerated = token.generated();
        Secret downloadSecret = secret(config.dataDir().resolve("download-token.key"), 32);
        byte[] downloadKey = HexFormat.of().parseHex(downloadSecret.value());

        Database database = open(Database.open(config.databaseUrl()
                .map(url -> new DatabaseConfig(url, config.databaseUser().orElse(""), config.databasePassword().orElse(""), 8))
                .orElse(DatabaseConfig.embedded(config.dataDir()))));
        JdbcUpdateStore updates = new JdbcUpdateStore(database);
        JdbcCampaignStore campaigns = new JdbcCampaignStore(database);
        JdbcDeviceTags tags = new JdbcDeviceTags(database);
        List<TrustedKey> keys = new ArrayList<>();
        for (Path p : config.trustedKeys()) {
            keys.add(PemKeys.readPublic(p));
        }
        FirmwareRepository firmware = new FirmwareRepository(database,
                new FileContentStore(config.dataDir().resolve("packages")),
                RepositoryConfig.trusting(keys).withMaxPackageSize(config.maxPackageSize()),
                packageId -> updates.listActive().stream().anyMatch(u -> u.target().packageId().equals(packageId))
                        || campaigns.usesPackage(packageId),
                clock);
        JdbcCredentialRepository credentials = new JdbcCredentialRepository(database);
        DeviceRegistry registry = new DeviceRegistry(new JdbcDeviceSnapshots(database));
        resources.add(registry::flush);
        EventBus events = new EventBus(clock);
        WebhookStore webhooks = new WebhookStore(database);
        open(WebhookService.start(webhooks, events, clock));
        UpdateMetrics updateMetrics = new UpdateMetrics(meters);

        this.identity = DtlsIdentities.load(config.dtlsIdentity(), config.dataDir());
        Lwm2mServer[] server = new Lwm2mServer[1];
        DeviceTracker tracker = new DeviceTracker(registry, () -> server[0], clock);
        server[0] = open(Lwm2mServer.create(new Lwm2mServer.Settings(config.coap(), config.coaps(),
                ServerCoapSettings.CELLULAR.withAckTimeout(config.ackTimeout()), config.awakeTime(),
                Optional.of(identity)), credentials, tracker));
        this.lwm2m = server[0];

        MemoryDownloadGrants grants = new MemoryDownloadGrants();
        DownloadTokens tokens = new DownloadTokens(downloadKey, config.tokenLifetime());
        OpenFileCache files = open(new OpenFileCache(FileServerConfig.DEFAULTS.openFiles()));
        FirmwareDelivery delivery = new FirmwareDelivery(firmware, files,
                new IdentityOrTokenAccess(tokens,
                        CachedDeviceIdentities.of(new CredentialIdentities(credentials), clock), grants),
                new MicrometerDeliveryMetrics(meters), clock);
        var io = FileServerConfig.DEFAULTS.newIoExecutor();
        resources.add(io::shutdownNow);
        lwm2m.coapServer().add(new FirmwareCoapResource(FileServerConfig.DEFAULTS, delivery, io));
        Optional<SeparateFileServer> fileEndpoints = config.files().map(f -> open(SeparateFileServer.start(f.coap(), f.coaps(),
                ServerCoapSettings.CELLULAR.withAckTimeout(config.ackTimeout()), identity, credentials,
                () -> new FirmwareCoapResource(FileServerConfig.DEFAULTS, delivery, io))));

        LeshanDeviceGateway[] gateway = new LeshanDeviceGateway[1];
        UpdateEngine[] engineRef = new UpdateEngine[1];
        gateway[0] = new LeshanDeviceGateway(lwm2m, new JdbcRequestQueue(database),
                new Object5Commands(lwm2m, firmware, ServerCoapSettings.CELLULAR.withAckTimeout(config.ackTimeout())
                        .maxTransmitWait()), clock,
                (ref, outcome) -> engineRef[0].onCommandOutcome(ref, outcome, clock.instant()));
        RestServer[] http = new RestServer[1];
        ServerConfig.PublicPorts ports = config.publicPorts();
        // read at each use: the LwM2M endpoints know their ports only once started
        Supplier<PackageUris> uris = () -> new PackageUris(config.publicHost(),
                ServerConfig.PublicPorts.or(ports.coap(),
                        fileEndpoints.map(SeparateFileServer::coapUri).orElse(lwm2m.coapUri()).getPort()),
                ServerConfig.PublicPorts.or(ports.coaps(),
                        fileEndpoints.map(SeparateFileServer::coapsUri).orElse(lwm2m.coapsUri()).getPort()),
                http[0] == null ? 0 : ServerConfig.PublicPorts.or(ports.http(), http[0].port()),
                http[0] == null || http[0].httpsPort() == 0 ? 0 : ServerConfig.PublicPorts.or(ports.https(),
                        http[0].httpsPort()),
                FileServerConfig.DEFAULTS.resourceName());
        PackageUriIssuer issuer = new PackageUriIssuer(tokens, uris, grants, credentials, clock);
        CampaignEngine[] campaignRef = new CampaignEngine[1];
        this.engine = new UpdateEngine(updates, gateway[0], issuer,
                DeliveryPolicy.defaults(), clock, (update, event) -> {
                    updateMetrics.onTransition(update, event);
                    if (update.phase().isFinal()) {
                        grants.revoke(update.endpoint(), update.target().packageId());
                    }
                    events.publish("update." + update.phase().name().toLowerCase(java.util.Locale.ROOT),
                            update.endpoint(), Map.of("updateId", update.id().value(), "state", update.phase().name(),
                                    "detail", event.detail()));
                    campaignRef[0].onUpdate(EngineUpdates.status(update), event.time());
                });
        engineRef[0] = engine;
        this.campaigns = new CampaignEngine(campaigns, new RegistryFleet(registry, tags),
                new EngineUpdates(() -> engine, updates), new CampaignEvents(events), config.campaignMaxConcurrent());
        campaignRef[0] = this.campaigns;
        tracker.addListener(gateway[0]);
        tracker.addListener(new EngineFeed(engine, registry, clock));
        tracker.addListener(new EventFeed(events));
        tracker.addListener(new MetricsFeed(new DeviceMetrics(meters, registry)));
        tracker.addListener(new CampaignFeed(this.campaigns, clock));
        LeshanDeviceOperations deviceOperations = new LeshanDeviceOperations(lwm2m);
        ExecutorService heldSender = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "cellota-held-operations");
            t.setDaemon(true);
            return t;
        });
        resources.add(heldSender::shutdownNow);
        HeldOperations held = new HeldOperations(new JdbcHeldOperations(database), deviceOperations,
                lwm2m::reachable, operationTimeout(config), clock, heldSender,
                op -> events.publish("device.operation", op.endpoint(), op.eventData()));
        tracker.addListener(new HeldFeed(held));

        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cellota-ticker");
            t.setDaemon(true);
            return t;
        });
        resources.add(ticker::shutdownNow);

        updateMetrics.recover(updates.listActive());
        lwm2m.start();
        issuer.regrant(updates.listActive());
        engine.recover(clock.instant());
        this.campaigns.recover(clock.instant());
        held.recover();
        ticker.scheduleWithFixedDelay(() -> {
            try {
                engine.tick(clock.instant());
                gateway[0].expire(clock.instant());
                grants.purge(clock.instant());
            } catch (RuntimeException e) {
                LOG.error("the update engine's tick failed", e);
            }
            try {
                held.expire(clock.instant());
            } catch (RuntimeException e) {
                LOG.error("expiring held operations failed", e);
            }
            try {
                this.campaigns.tick(clock.instant());
            } catch (RuntimeException e) {
                LOG.error("the campaign engine's tick failed", e);
            }
        }, 1, 1, TimeUnit.SECONDS);

        JdbcUserStore users = new JdbcUserStore(database);
        PasswordHasher hasher = new PasswordHasher(PasswordHasher.Parameters.DEFAULT);
        Sessions sessions = new Sessions(config.access().sessionIdle(), config.access().sessionAbsolute());
        Accounts accounts = new Accounts(users, hasher, sessions, new SignInThrottle(),
                name -> FirstAdmin.forget(config.dataDir(), name));
        ApiTokens apiTokens = new ApiTokens(new JdbcApiTokenStore(database));
        ticker.scheduleWithFixedDelay(() -> sessions.purge(clock.instant()), 1, 1, TimeUnit.MINUTES);
        ticker.scheduleWithFixedDelay(() -> {
            try {
                registry.flush();
            } catch (RuntimeException e) {
                LOG.warn("saving the device registry failed (tried again): {}", e.toString());
            }
        }, 2, 2, TimeUnit.SECONDS);

        FirmwareHttpRoutes downloads = new FirmwareHttpRoutes(FileServerConfig.DEFAULTS, delivery);
        Optional<RestServer.Https> https = Optional.empty();
        if (config.https().isPresent()) {
            ServerConfig.Https h = config.https().get();
            https = Optional.of(new RestServer.Https(h.address(), TlsFiles.serverContext(h.certificateChain(), h.key())));
        }
        this.rest = open(RestServer.start(config.http(), https, new AccessGuard(apiToken, apiTokens, sessions, clock),
                List.of(
                new SessionRoutes(accounts, clock),
                new UserRoutes(accounts, clock),
                new TokenRoutes(apiTokens, clock),
                new DeviceRoutes(registry, credentials, tags, lwm2m::deregister),
                new DeviceOperationRoutes(deviceOperations, operationTimeout(config)),
                new HeldOperationRoutes(held, endpoint -> registry.find(endpoint).isPresent()
                        || credentials.byEndpoint(endpoint).isPresent(), tags),
                new FirmwareRoutes(firmware),
                new UpdateRoutes(engine, updates, firmware, clock),
                new DeviceTagRoutes(tags),
                new CampaignRoutes(this.campaigns, campaigns, firmware, clock),
                new EventRoutes(events),
                new WebhookRoutes(webhooks, clock),
                new MetricsRoutes(meters, config.metricsToken()),
                routes -> routes.get("/fw/{id}", downloads::handle),
                routes -> routes.head("/fw/{id}", downloads::handle),
                routes -> routes.get("/fw/{id}/{token}", downloads::handle),
                routes -> routes.get("/health", ctx -> ctx.json(Map.of("status", "ok"))),
                new ConsoleRoutes())));
        http[0] = rest;
        this.firstAdmin = FirstAdmin.ensure(users, hasher, config.access().adminPassword(), config.dataDir(),
                clock.instant());
        token.keep();
        downloadSecret.keep();
        LOG.info("Cellota server: LwM2M on {} and {}, HTTP on {}{}", lwm2m.coapUri(), lwm2m.coapsUri(), rest.port(),
                rest.httpsPort() > 0 ? ", HTTPS on " + rest.httpsPort() : "");
    }

    /**
     * Builds and starts everything. When any part fails to start, what was started is closed again and no secret
     * generated by this start is kept, so the next start is a first start again.
     */
    public static CellotaServer start(ServerConfig config, Clock clock) throws IOException, KeyFormatException {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            return new CellotaServer(config, clock, opened);
        } catch (IOException | KeyFormatException | RuntimeException | Error e) {
            closeAll(opened);
            throw e;
        }
    }

    private <T extends AutoCloseable> T open(T resource) {
        resources.add(resource);
        return resource;
    }

    /**
     * A secret kept in a file of the data directory, generated the first time. A generated secret is written to
     * its file by {@link #keep()} once the server has started, never by a start that fails.
     *
     * @param unsaved the file a generated secret still has to be written to; empty for a secret read or given
     */
    private record Secret(String value, Optional<Path> unsaved) {
        boolean generated() {
            return unsaved.isPresent();
        }

        void keep() throws IOException {
            if (unsaved.isPresent()) {
                AtomicFile.write(unsaved.get(), value.getBytes(StandardCharsets.US_ASCII), true, false);
            }
        }
    }

    private static Secret secret(Path file, int bytes) throws IOException {
        if (Files.exists(file)) {
            return new Secret(Files.readString(file, StandardCharsets.US_ASCII).strip(), Optional.empty());
        }
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return new Secret(HexFormat.of().formatHex(random), Optional.of(file));
    }

    public String apiToken() {
        return apiToken;
    }

    /** Whether the API token was generated at this start (and should be shown to the operator once). */
    public boolean apiTokenGenerated() {
        return tokenGenerated;
    }

    /** How long a console operation waits for a device: CoAP's transmit wait, at most two minutes. */
    private static java.time.Duration operationTimeout(ServerConfig config) {
        java.time.Duration wait = ServerCoapSettings.CELLULAR.withAckTimeout(config.ackTimeout()).maxTransmitWait();
        return wait.compareTo(java.time.Duration.ofMinutes(2)) > 0 ? java.time.Duration.ofMinutes(2) : wait;
    }

    /** Whether this start made the first admin, and its generated password when it made one (to print once). */
    public FirstAdmin.Result firstAdmin() {
        return firstAdmin;
    }

    public InetSocketAddress httpAddress() {
        return new InetSocketAddress("127.0.0.1", rest.port());
    }

    /** The server's DTLS key (devices with raw public keys pin its public half) and certificates. */
    public Lwm2mServer.Identity dtlsIdentity() {
        return identity;
    }

    /** Every HTTP route the server registered, for holding the OpenAPI document to them. */
    public List<RestServer.Route> httpRoutes() {
        return rest.routes();
    }

    public Lwm2mServer lwm2m() {
        return lwm2m;
    }

    public UpdateEngine engine() {
        return engine;
    }

    public CampaignEngine campaigns() {
        return campaigns;
    }

    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resources.get(i), e.toString());
            }
        }
    }

    /** Device events into the update engine. */
    private record EngineFeed(UpdateEngine engine, DeviceRegistry registry, Clock clock) implements DeviceEvents {
        @Override
        public void registered(String endpoint) {
            engine.onRegistered(endpoint, clock.instant());
        }

        @Override
        public void updated(String endpoint) {
            engine.onAwake(endpoint, clock.instant());
        }

        @Override
        public void awake(String endpoint) {
            engine.onAwake(endpoint, clock.instant());
        }

        @Override
        public void object5(String endpoint, int resourceId, long value) {
            registry.find(endpoint).ifPresent(s -> {
                if (s.updateState().isPresent() && s.updateResult().isPresent()) {
                    engine.onObject5(endpoint, new FirmwareUpdateStatus(
                            UpdateState.fromCode(s.updateState().getAsInt()).orElse(UpdateState.IDLE),
                            UpdateResult.fromCode(s.updateResult().getAsInt()).orElse(UpdateResult.INITIAL)),
                            clock.instant());
                }
            });
        }
    }

    /** Device events onto the event stream. */
    private record EventFeed(EventBus events) implements DeviceEvents {
        @Override
        public void registered(String endpoint) {
            events.publish("device.registered", endpoint, Map.of());
        }

        @Override
        public void deregistered(String endpoint) {
            events.publish("device.deregistered", endpoint, Map.of());
        }

        @Override
        public void awake(String endpoint) {
            events.publish("device.awake", endpoint, Map.of());
        }

        @Override
        public void sleeping(String endpoint) {
            events.publish("device.sleeping", endpoint, Map.of());
        }

        @Override
        public void object5(String endpoint, int resourceId, long value) {
            events.publish("device.object5", endpoint, Map.of(resourceId == 3 ? "state" : "updateResult", value));
        }

        @Override
        public void notified(String endpoint, String path, Map<String, Object> content) {
            events.publish("device.notification", endpoint, Map.of("path", path, "content", content));
        }
    }

    /** Devices identified after a registration into the campaigns, for dynamic joins. */
    private record CampaignFeed(CampaignEngine campaigns, Clock clock) implements DeviceEvents {
        @Override
        public void identified(String endpoint) {
            campaigns.onIdentified(endpoint, clock.instant());
        }
    }

    /** Devices reachable again into the held operations. */
    private record HeldFeed(HeldOperations held) implements DeviceEvents {
        @Override
        public void registered(String endpoint) {
            held.reachable(endpoint);
        }

        @Override
        public void updated(String endpoint) {
            held.reachable(endpoint);
        }

        @Override
        public void awake(String endpoint) {
            held.reachable(endpoint);
        }
    }

    /** Registration events into the metrics. */
    private record MetricsFeed(DeviceMetrics metrics) implements DeviceEvents {
        @Override
        public void registered(String endpoint) {
            metrics.registered();
        }

        @Override
        public void updated(String endpoint) {
            metrics.updated();
        }

        @Override
        public void deregistered(String endpoint) {
            metrics.deregistered();
        }
    }
}
