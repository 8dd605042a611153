package org.exoconsent.records;

import java.util.regex.Pattern;

/**
 * Words of a command line the program suggests (a store's address after {@code --store}, a folder), written so that
 * pasting the line into a shell passes each word unchanged: a URL's {@code &} would otherwise end the command and
 * run the rest in the background, and {@code ?} is a wildcard (review of issue 17).
 */
public final class ShellWords {
    /** What a POSIX shell (and PowerShell) passes unchanged outside quotes. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

    private ShellWords() {
    }

    /**
     * {@code word} as one word of a POSIX shell (sh, bash, zsh): unchanged when it holds only letters, digits and
     * {@code @%+=:,./_-}; else in single quotes, each single quote in it written {@code '\''}. Single quotes keep
     * {@code &}, {@code ?}, {@code $} and spaces as they are in PowerShell too.
     *
     * @param word any text (not null); the empty text is {@code ''}
     * @return the word as a shell reads it back
     */
    public static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
