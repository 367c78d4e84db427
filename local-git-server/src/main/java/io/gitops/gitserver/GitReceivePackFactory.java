package io.gitops.gitserver;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.resolver.ReceivePackFactory;

/**
 * Enables push (receive-pack) for every repository, with or without authentication, and attaches the per-push hooks:
 * push policies before the refs move, notifications after.
 */
final class GitReceivePackFactory implements ReceivePackFactory<HttpServletRequest> {

    private final RepositoryLocator locator;
    private final PushPolicies policies;
    private final PushNotificationFactory notifications;
    private final PushListeners listeners;

    GitReceivePackFactory(RepositoryLocator locator, PushPolicies policies, PushNotificationFactory notifications,
            PushListeners listeners) {
        this.locator = locator;
        this.policies = policies;
        this.notifications = notifications;
        this.listeners = listeners;
    }

    @Override
    public ReceivePack create(HttpServletRequest request, Repository repository) {
        String fullName = locator.fullNameOf(repository);
        Optional<String> user = Optional.ofNullable(request.getRemoteUser());
        String who = user.orElse("anonymous");
        ReceivePack receivePack = new ReceivePack(repository);
        receivePack.setRefLogIdent(new PersonIdent(who, who + "@local-git-server.invalid"));
        receivePack.setPreReceiveHook(new PushPolicyHook(fullName, policies));
        receivePack.setPostReceiveHook(new PushNotificationHook(fullName, user, notifications, listeners));
        return receivePack;
    }
}
