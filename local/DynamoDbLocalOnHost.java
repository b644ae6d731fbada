// DynamoDB Local bound to one address (SPEC §9: the local stores listen on 127.0.0.1 only).
//
// DynamoDB Local has no option for the address it listens on: its server (Jetty) listens on every
// interface, so anyone on the network could read and write the local table. This launcher builds the
// server exactly as DynamoDB Local's own main does, from the same command-line options, sets the address of
// its connector, and starts it. local/stores.ts runs it as a single-file source program
// (`java -cp DynamoDBLocal.jar:DynamoDBLocal_lib/* DynamoDbLocalOnHost.java <host> <options…>`).

import java.lang.reflect.Field;
import java.util.Arrays;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class DynamoDbLocalOnHost {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: DynamoDbLocalOnHost <host> [DynamoDB Local options]");
      System.exit(2);
    }
    String host = args[0];
    DynamoDBProxyServer proxy =
        ServerRunner.createServerFromCommandLineArgs(Arrays.copyOfRange(args, 1, args.length));
    // The Jetty server is a private field of the proxy, created with a connector on every interface.
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    int bound = 0;
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof ServerConnector) {
        ((ServerConnector) connector).setHost(host);
        bound++;
      }
    }
    if (bound == 0) {
      System.err.println("DynamoDbLocalOnHost: no connector to bind to " + host);
      System.exit(1);
    }
    proxy.start();
    proxy.join();
  }
}
