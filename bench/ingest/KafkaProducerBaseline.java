/** Baseline: how fast a bare producer (acks=all, idempotent, 64 records outstanding) writes 10 KB records to the same broker. */
import org.apache.kafka.clients.producer.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.common.serialization.*;
import java.util.*;
import java.util.concurrent.*;
public class KafkaProducerBaseline {
  public static void main(String[] a) throws Exception {
    String bs = a[0]; int n = Integer.parseInt(a[1]);
    try (Admin ad = Admin.create(Map.of("bootstrap.servers", bs))) { try { ad.createTopics(List.of(new NewTopic("bench.baseline", 6, (short)1))).all().get(); } catch (Exception e) {} }
    Properties p = new Properties(); p.put("bootstrap.servers", bs); p.put("acks","all"); p.put("enable.idempotence", true); p.put("linger.ms", a.length>2?a[2]:"0"); p.put("compression.type","lz4");
    KafkaProducer<String, byte[]> pr = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    byte[] v = new byte[10240]; new Random().nextBytes(v);
    Semaphore sem = new Semaphore(64);
    long t0 = System.nanoTime();
    CountDownLatch done = new CountDownLatch(n);
    for (int i=0;i<n;i++){ sem.acquire(); pr.send(new ProducerRecord<>("bench.baseline", "k"+(i%50), v), (m,e)->{ sem.release(); done.countDown();}); }
    done.await(); long t = System.nanoTime()-t0;
    System.out.printf("sent %d in %.2fs = %.0f/s (64 outstanding, like 64 connections)%n", n, t/1e9, n/(t/1e9));
    pr.close();
  }
}
