package io.cellota.server.update;

import io.cellota.firmware.object5.DeliveryMethod;
import io.cellota.firmware.object5.ProtocolSupport;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses how to deliver a package to one device from its Delivery Method {@code /5/0/9} and Protocol
 * Support {@code /5/0/8} (OMA-SUP-XML_5-V1_1 resources 8 and 9), the protocols the file server offers,
 * and the operator's {@link Preference}, with {@link DeliveryPolicy} breaking ties.
 *
 * <ul>
 *   <li>Delivery: the one the operator asked for (a protocol alone asks for pull), if the device takes
 *       it; otherwise the policy's preferred delivery, then the other, whichever the device takes
 *       first. A pull needs a protocol; without one the other delivery is tried.
 *   <li>Protocol: the first of the policy's order that the device lists (CoAP if it lists none), the
 *       server offers and, if the operator named one, is that one. A push needs none: it uses the
 *       device's LwM2M session.
 *   <li>Nothing suits: {@link Choice.Unsupported}, which fails the update with
 *       {@link Failure.Reason#UNSUPPORTED_DELIVERY}. An explicit preference is never overridden.
 * </ul>
 */
public final class PlanChooser {

    private final Set<ProtocolSupport> offered;
    private final DeliveryPolicy policy;

    /** A chooser for a server offering {@code offered} pull protocols, with {@code policy}'s tie-breaks. */
    public PlanChooser(Set<ProtocolSupport> offered, DeliveryPolicy policy) {
        this.offered = Set.copyOf(offered);
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The result of a choice. */
    public sealed interface Choice {
        /** A plan that suits the device, the server and the operator. */
        record Chosen(DeliveryPlan plan) implements Choice {
            /** Checks the plan is present. */
            public Chosen {
                Objects.requireNonNull(plan, "plan");
            }
        }

        /** Nothing suits, for the reason given. */
        record Unsupported(String reason) implements Choice {
            /** Checks the reason is present. */
            public Unsupported {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /** The plan for a device reporting {@code facts}, as the operator's {@code preference} asks. */
    public Choice choose(Object5Facts facts, Preference preference) {
        DeliveryMethod method = facts.deliveryMethod();
        Optional<ProtocolSupport> protocol = policy.protocolOrder().stream()
                .filter(facts.pullProtocols()::contains)
                .filter(offered::contains)
                .filter(p -> preference.protocol().map(p::equals).orElse(true))
                .findFirst();
        Optional<Delivery> wanted = preference.impliedDelivery();
        Delivery preferred = policy.preferredDelivery();
        List<Delivery> order = wanted.map(List::of)
                .orElse(List.of(preferred, preferred == Delivery.PULL ? Delivery.PUSH : Delivery.PULL));
        for (Delivery delivery : order) {
            if (!delivery.isSupportedBy(method)) {
                continue;
            }
            if (delivery == Delivery.PUSH) {
                return new Choice.Chosen(DeliveryPlan.push(facts.version()));
            }
            if (protocol.isPresent()) {
                return new Choice.Chosen(DeliveryPlan.pull(protocol.get(), facts.version()));
            }
        }
        return new Choice.Unsupported(explain(facts, preference, wanted));
    }

    private String explain(Object5Facts facts, Preference preference, Optional<Delivery> wanted) {
        DeliveryMethod method = facts.deliveryMethod();
        if (wanted.isPresent() && !wanted.get().isSupportedBy(method)) {
            return wanted.get().name().toLowerCase() + " was requested, but the device's Delivery Method (/5/0/9) is "
                    + method.name().toLowerCase();
        }
        String protocols = "no pull protocol is in the device's Protocol Support (/5/0/8) " + schemes(facts.pullProtocols())
                + ", the server's " + schemes(offered)
                + preference.protocol().map(p -> " and the request's " + p.scheme()).orElse("");
        return wanted.isEmpty() && !method.supportsPush() ? protocols + ", and the device takes no push" : protocols;
    }

    private static String schemes(Collection<ProtocolSupport> protocols) {
        return protocols.stream().sorted().map(ProtocolSupport::scheme).collect(Collectors.joining(", ", "[", "]"));
    }
}
