package org.exoconsent.testing;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;

/** For UI tests: what a screen reader could not name. */
public final class Accessibility {
    private Accessibility() {
    }

    /** Every visible control a user can reach by keyboard that has no name a screen reader can say. */
    public static List<String> unnamedControls(Node root) {
        List<String> unnamed = new ArrayList<>();
        List<Node> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Node n = todo.remove(todo.size() - 1);
            if (!n.isVisible()) {
                continue;
            }
            if (n instanceof Control c && c.isFocusTraversable()) {
                String name = c.getAccessibleText();
                if ((name == null || name.isBlank()) && c instanceof Labeled l) {
                    name = l.getText();
                }
                if (name == null || name.isBlank()) {
                    unnamed.add(c.getClass().getSimpleName() + "#" + c.getId());
                }
            }
            if (n instanceof Parent p) {
                todo.addAll(p.getChildrenUnmodifiable());
            }
        }
        return unnamed;
    }
}
