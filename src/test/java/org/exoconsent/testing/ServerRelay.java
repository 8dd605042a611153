package org.exoconsent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback to the tests' real PostgreSQL server that a test stops and starts listening, as the server
 * going down and coming back (issue 17 §3): while it refuses, a device connecting to its port is refused at once
 * (nothing listens there) and every connection relayed so far is dropped, as a network cut drops it; the server itself
 * runs on, for the other tests of the JVM.
 *
 * <p>The relay's port stays reserved for its whole life by a bound, never-listening socket (both it and the listening
 * socket set SO_REUSEADDR): without it, while the relay refused, the kernel could hand the port to another socket (an
 * outgoing connection's local port, another test's server) and the relay could not listen again ("Address already in
 * use", seen once in CI). Linux gives neither an outgoing connection nor a {@code bind(0)} a port another socket bound
 * explicitly.
 */
public final class ServerRelay implements AutoCloseable {
    private final String host;
    private final int target;
    private final int port;
    private final Socket reservation;
    private volatile ServerSocket listening;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    /** A relay on a free loopback port to {@code host:target}, not listening yet ({@link #accept}). */
    public ServerRelay(String host, int target) throws IOException {
        this.host = host;
        this.target = target;
        reservation = new Socket();
        reservation.setReuseAddress(true);
        reservation.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.port = reservation.getLocalPort();
    }

    /** The relay's own port (the address devices are given). */
    public int port() {
        return port;
    }

    /** Listens and relays every connection to the server. */
    public synchronized void accept() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        listening = s;
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket in = s.accept();
                    Socket out = new Socket(host, target);
                    synchronized (this) {
                        if (listening != s) { // refused while this one was being accepted: dropped as the others
                            in.close();
                            out.close();
                            return;
                        }
                        open.add(in);
                        open.add(out);
                    }
                    pipe(in, out);
                    pipe(out, in);
                } catch (IOException e) {
                    return;
                }
            }
        }, "test-proxy");
        t.setDaemon(true);
        t.start();
    }

    /** Stops listening and drops every relayed connection: the server is unreachable. */
    public synchronized void refuse() throws IOException {
        if (listening != null) {
            listening.close();
            listening = null;
        }
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // closed
            }
        }, "test-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        try {
            refuse();
        } finally {
            reservation.close();
        }
    }
}
