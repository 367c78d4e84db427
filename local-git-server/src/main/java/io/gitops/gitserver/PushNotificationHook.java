package io.gitops.gitserver;

import java.io.IOException;
import java.util.Collection;
import java.util.Optional;
import org.eclipse.jgit.transport.PostReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Post-receive hook: one {@link PushNotification} per ref the push updated, handed to the listeners. */
final class PushNotificationHook implements PostReceiveHook {

    private static final Logger LOG = LoggerFactory.getLogger(PushNotificationHook.class);

    private final String fullName;
    private final Optional<String> authenticatedUser;
    private final PushNotificationFactory factory;
    private final PushListeners listeners;

    PushNotificationHook(String fullName, Optional<String> authenticatedUser, PushNotificationFactory factory,
            PushListeners listeners) {
        this.fullName = fullName;
        this.authenticatedUser = authenticatedUser;
        this.factory = factory;
        this.listeners = listeners;
    }

    @Override
    public void onPostReceive(ReceivePack receivePack, Collection<ReceiveCommand> commands) {
        for (ReceiveCommand command : commands) {
            if (command.getResult() != ReceiveCommand.Result.OK) {
                continue;
            }
            try {
                listeners.fire(factory.create(receivePack.getRepository(), fullName, command.getRefName(),
                        command.getOldId(), command.getNewId(),
                        command.getType() == ReceiveCommand.Type.UPDATE_NONFASTFORWARD, authenticatedUser));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot describe push to {} {}", fullName, command.getRefName(), e);
            }
        }
    }
}
