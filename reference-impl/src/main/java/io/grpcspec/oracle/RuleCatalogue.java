package io.grpcspec.oracle;

import io.grpcspec.spec.Rule;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one rule catalogue: every {@code public static final Rule} constant of the per-area rule
 * classes below, in area order. Adding an area means adding its class here and a spec file.
 */
public final class RuleCatalogue {

    /** Area prefix, the class declaring its rules, and the spec file describing them. */
    public record Area(String prefix, Class<?> rules, String specFile, String title) {}

    public static final List<Area> AREAS = List.of(
            new Area("FR", io.grpcspec.spec.codec.FrameRules.class, "spec/frames.md", "Frame format"),
            new Area("HP", io.grpcspec.spec.codec.HpackRules.class, "spec/hpack.md", "Header compression"),
            new Area("CONN", io.grpcspec.spec.connection.ConnectionRules.class, "spec/connection.md", "Connection lifecycle"),
            new Area("SET", io.grpcspec.spec.connection.SettingsRules.class, "spec/settings.md", "Settings"),
            new Area("FC", io.grpcspec.spec.flow.FlowControlRules.class, "spec/flow-control.md", "Flow control"),
            new Area("STR", io.grpcspec.spec.stream.StreamRules.class, "spec/streams.md", "Stream states"),
            new Area("HB", io.grpcspec.spec.stream.HeaderBlockRules.class, "spec/header-blocks.md", "Header blocks"),
            new Area("KA", io.grpcspec.spec.keepalive.KeepaliveRules.class, "spec/keepalive.md", "Keepalive"),
            new Area("GA", io.grpcspec.spec.connection.GoAwayRules.class, "spec/goaway.md", "GOAWAY and shutdown"),
            new Area("RPC", io.grpcspec.spec.grpc.RpcRules.class, "spec/grpc.md", "gRPC stream layer"),
            new Area("CH", io.grpcspec.spec.channel.ChannelRules.class, "spec/channel.md", "Client channel"),
            new Area("HL", io.grpcspec.spec.health.HealthRules.class, "spec/health.md", "Health checking"),
            new Area("RF", io.grpcspec.server.ReflectionRules.class, "spec/reflection.md", "Server reflection"),
            new Area("LIM", io.grpcspec.spec.limits.LimitsRules.class, "spec/limits.md", "Resource limits"));

    private static final Map<String, Rule> BY_ID = load();

    private RuleCatalogue() {}

    public static List<Rule> all() {
        return List.copyOf(BY_ID.values());
    }

    public static Rule byId(String id) {
        return BY_ID.get(id);
    }

    public static Area areaOf(Rule rule) {
        for (Area a : AREAS) {
            if (a.prefix().equals(rule.area())) return a;
        }
        throw new IllegalArgumentException("no area for " + rule.id());
    }

    private static Map<String, Rule> load() {
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (Area area : AREAS) {
            List<Rule> inArea = new ArrayList<>();
            for (Field f : area.rules().getDeclaredFields()) {
                int m = f.getModifiers();
                if (f.getType() != Rule.class || !Modifier.isStatic(m) || !Modifier.isPublic(m)) continue;
                try {
                    Rule r = (Rule) f.get(null);
                    if (!r.area().equals(area.prefix()) || !f.getName().equals(r.id().replace('-', '_'))) {
                        throw new IllegalStateException(area.rules().getSimpleName() + "." + f.getName()
                                + " does not match its id " + r.id());
                    }
                    inArea.add(r);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
            inArea.sort((a, b) -> Integer.compare(number(a), number(b)));
            for (Rule r : inArea) {
                if (rules.put(r.id(), r) != null) throw new IllegalStateException("duplicate rule " + r.id());
            }
        }
        return Collections.unmodifiableMap(rules);
    }

    private static int number(Rule r) {
        return Integer.parseInt(r.id().substring(r.id().indexOf('-') + 1));
    }
}
